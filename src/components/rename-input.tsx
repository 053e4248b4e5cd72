import { useId, useRef, useState } from "react";
import { DESCRIPTION_MAX_LENGTH } from "../client/index.js";
import type { ApiKeysUi } from "./ui-context.js";
import { visuallyHidden } from "./ui-context.js";

export interface RenameInputProps {
  ui: ApiKeysUi;
  description: string;
  /** A valid, trimmed description (maybe unchanged). */
  onSave: (description: string) => void;
  onCancel: () => void;
  /** After either, so focus can go back where the rename started. */
  onDone: () => void;
}

const focusOnArrival = (input: HTMLInputElement | null) => {
  input?.focus();
  input?.select();
};

/** A key's description, edited in place: Enter saves, Escape (or leaving the field) cancels; rules as create. */
export function RenameInput({ ui, description, onSave, onCancel, onDone }: RenameInputProps) {
  const m = ui.messages;
  const id = useId();
  const [draft, setDraft] = useState(description);
  const [error, setError] = useState<string | null>(null);
  const finished = useRef(false);
  const finish = (save: boolean) => {
    finished.current = true;
    if (save) onSave(draft.trim());
    else onCancel();
    onDone();
  };

  return (
    <span data-slot="rename" data-invalid={error ? "" : undefined}>
      <input
        ref={focusOnArrival}
        data-slot="input"
        aria-label={m.renameLabel(description)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          if (error) setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            event.stopPropagation();
            finish(false);
          } else if (event.key === "Enter") {
            event.preventDefault();
            const trimmed = draft.trim();
            if (!trimmed) setError(m.descriptionRequired);
            else if (trimmed.length > DESCRIPTION_MAX_LENGTH)
              setError(m.descriptionTooLong(DESCRIPTION_MAX_LENGTH));
            else finish(true);
          }
        }}
        onBlur={() => (finished.current ? undefined : onCancel())}
      />
      <span
        id={`${id}-hint`}
        data-slot={error ? "field-error" : "hint"}
        style={error ? undefined : visuallyHidden}
      >
        {error ?? m.renameHint}
      </span>
    </span>
  );
}
