import { useId } from "react";
import type { ComponentPropsWithoutRef } from "react";
import { useUi } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import { useControllableState } from "./use-controllable-state.js";

export type ApiKeyVisibility = "secret" | "public";

export interface VisibilityChoiceProps
  extends Omit<ComponentPropsWithoutRef<"fieldset">, "defaultValue" | "onChange">, ApiKeysUiProps {
  value?: ApiKeyVisibility;
  defaultValue?: ApiKeyVisibility;
  onValueChange?: (value: ApiKeyVisibility) => void;
}

/** Secret (the default) or public, each with one line on what it is for. */
export function VisibilityChoice({
  value,
  defaultValue = "secret",
  onValueChange,
  messages,
  locale,
  now,
  unstyled,
  className,
  ...rest
}: VisibilityChoiceProps) {
  const ui = useUi({ messages, locale, now, unstyled });
  const m = ui.messages;
  const [visibility, setVisibility] = useControllableState(value, defaultValue, onValueChange);
  const id = useId();
  const options = [
    { value: "secret", label: m.secretLabel, hint: m.secretHint },
    { value: "public", label: m.publicLabel, hint: m.publicHint },
  ] as const;

  return (
    <fieldset data-slot="visibility-choice" data-state={visibility} className={className} {...rest}>
      <legend data-slot="label">{m.visibilityLabel}</legend>
      {options.map((option) => {
        const checked = visibility === option.value;
        const warn = option.value === "public" && checked;
        return (
          <div
            key={option.value}
            data-slot="visibility-option"
            data-state={checked ? "checked" : "unchecked"}
          >
            <input
              type="radio"
              id={`${id}-${option.value}`}
              name={`${id}-visibility`}
              value={option.value}
              checked={checked}
              aria-describedby={`${id}-${option.value}-hint${warn ? ` ${id}-warning` : ""}`}
              onChange={() => setVisibility(option.value)}
            />
            <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
            <p id={`${id}-${option.value}-hint`} data-slot="hint">
              {option.hint}
            </p>
          </div>
        );
      })}
      {visibility === "public" ? (
        <p id={`${id}-warning`} data-slot="warning">
          {m.publicWarning}
        </p>
      ) : null}
    </fieldset>
  );
}
