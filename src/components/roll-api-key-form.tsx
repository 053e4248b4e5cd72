import { useId, useRef, useState } from "react";
import type { ApiKey, ApiKeysError } from "../client/index.js";
import { ExpiryPicker } from "./expiry-picker.js";
import { FormActions } from "./form-actions.js";
import { lifetimeExpiry, resolveExpiry } from "./expiry.js";
import type { ExpiryValue } from "./expiry.js";
import type { ApiKeysUi } from "./ui-context.js";

export interface RollApiKeyFormProps {
  ui: ApiKeysUi;
  apiKey: ApiKey;
  /** The server rolls (and so takes an overlap); otherwise a replacement is created on the core contract. */
  serverRoll: boolean;
  pending: boolean;
  error: ApiKeysError | null;
  onSubmit: (expiresAt: Date | null, overlap: number) => void;
}

const HOUR = 3_600_000;
/** How long the old key keeps working: now, 1 hour, 24 hours (the default), 7 days, 30 days. */
const OVERLAPS = [
  [0, "overlapNow"],
  [HOUR, "overlap1h"],
  [24 * HOUR, "overlap24h"],
  [7 * 24 * HOUR, "overlap7d"],
  [30 * 24 * HOUR, "overlap30d"],
] as const;

/** The roll step: the new key's expiry (the old one's lifetime by default) and, on a server roll, the overlap. */
export function RollApiKeyForm({ ui, apiKey, serverRoll, pending, error, onSubmit }: RollApiKeyFormProps) {
  const m = ui.messages;
  const id = useId();
  const [expiry, setExpiry] = useState<ExpiryValue>(() => lifetimeExpiry(apiKey, ui.now ?? new Date()));
  const [overlap, setOverlap] = useState(24 * HOUR);
  const [submitted, setSubmitted] = useState(false);
  const dateRef = useRef<HTMLInputElement>(null);

  return (
    <form
      data-slot="roll-api-key-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (pending) return;
        setSubmitted(true);
        const result = resolveExpiry(expiry, ui.now ?? new Date());
        if (!result.ok) return dateRef.current?.focus();
        onSubmit(result.expiresAt, overlap);
      }}
    >
      <ExpiryPicker value={expiry} onValueChange={setExpiry} showErrors={submitted} dateInputRef={dateRef} />
      {serverRoll ? (
        <div data-slot="field">
          <label data-slot="label" htmlFor={id}>
            {m.overlapLabel}
          </label>
          <select
            id={id}
            data-slot="select"
            value={overlap}
            onChange={(event) => setOverlap(Number(event.target.value))}
          >
            {OVERLAPS.map(([value, label]) => (
              <option key={value} value={value}>
                {m[label]}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {error ? (
        <p role="alert" data-slot="form-error">
          {m.rollFailed(error.message)}
        </p>
      ) : null}
      <FormActions ui={ui} pending={pending} label={pending ? m.rolling : m.rollConfirm} />
    </form>
  );
}
