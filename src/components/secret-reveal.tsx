import { useId, useRef, useState } from "react";
import type { ComponentPropsWithoutRef } from "react";
import { useUi } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";

export interface SecretRevealProps extends Omit<ComponentPropsWithoutRef<"div">, "onCopy">, ApiKeysUiProps {
  /** The whole key. Render this part only while it is on screen; it keeps no copy of its own. */
  value: string;
  /** After the key reached the clipboard (the Copy button, or the person's own copy from the field). */
  onCopied?: () => void;
  /** Shows a Done button when given. */
  onDone?: () => void;
}

type CopyState = "idle" | "copied" | "failed";

/** A ref that focuses its element as it enters the page, before anything else can claim focus. */
export const focusOnArrival = (element: HTMLElement | null) => element?.focus();

/** The one-time view of a new key: the whole key read-only, Copy (focused on arrival), and Done. */
export function SecretReveal({
  value,
  onCopied,
  onDone,
  messages,
  locale,
  now,
  unstyled,
  className,
  ...rest
}: SecretRevealProps) {
  const m = useUi({ messages, locale, now, unstyled }).messages;
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<CopyState>("idle");

  const markCopied = () => {
    setState("copied");
    onCopied?.();
  };
  const copy = async () => {
    try {
      // Without a clipboard API this throws too.
      await navigator.clipboard.writeText(value);
      markCopied();
    } catch {
      // No clipboard (insecure origin, denied permission): select the key so one keystroke copies it.
      inputRef.current?.focus();
      inputRef.current?.select();
      setState("failed");
    }
  };

  return (
    <div data-slot="secret-reveal" data-state={state} className={className} {...rest}>
      <p data-slot="warning">{m.revealWarning}</p>
      <label data-slot="label" htmlFor={id}>
        {m.revealFieldLabel}
      </label>
      <div data-slot="secret-reveal-field">
        <input
          ref={inputRef}
          id={id}
          data-slot="input"
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
          onCopy={markCopied}
        />
        <button
          ref={focusOnArrival}
          type="button"
          data-slot="button"
          data-state={state === "copied" ? "copied" : undefined}
          onClick={copy}
        >
          {m.copy}
        </button>
      </div>
      <p role="status" data-slot="secret-reveal-status">
        {state === "copied" ? m.copied : state === "failed" ? m.copyFailed : ""}
      </p>
      {onDone ? (
        <div data-slot="dialog-actions">
          <button type="button" data-slot="button" data-variant="primary" onClick={onDone}>
            {m.done}
          </button>
        </div>
      ) : null}
    </div>
  );
}
