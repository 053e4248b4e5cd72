import { useId, useRef, useState } from "react";
import { DESCRIPTION_MAX_LENGTH } from "../client/index.js";
import type { ApiKeyOwner, ApiKeysError, CreateApiKeyOptions } from "../client/index.js";
import { ExpiryPicker } from "./expiry-picker.js";
import { FormActions } from "./form-actions.js";
import { ScopeChoice, useScopes } from "./scope-picker.js";
import { DEFAULT_EXPIRY, resolveExpiry } from "./expiry.js";
import type { ExpiryValue } from "./expiry.js";
import type { ApiKeysUi } from "./ui-context.js";
import { VisibilityChoice } from "./visibility-choice.js";
import type { ApiKeyVisibility } from "./visibility-choice.js";

export interface CreateApiKeyFormProps {
  ui: ApiKeysUi;
  owner: ApiKeyOwner;
  pending: boolean;
  error: ApiKeysError | null;
  onSubmit: (input: CreateApiKeyOptions) => void;
}

/** Shown from this many characters on, so the limit is visible before it is reached. */
const COUNT_FROM = DESCRIPTION_MAX_LENGTH - 20;

/** The create step. Its state lives as long as the dialog is open, so a failed create keeps what was typed. */
export function CreateApiKeyForm({ ui, owner, pending, error, onSubmit }: CreateApiKeyFormProps) {
  const m = ui.messages;
  const id = useId();
  const [description, setDescription] = useState("");
  const [expiry, setExpiry] = useState<ExpiryValue>(DEFAULT_EXPIRY);
  const [visibility, setVisibility] = useState<ApiKeyVisibility>("secret");
  const grantable = useScopes(owner);
  const [picked, setScopes] = useState<string[] | null>(null);
  // Where this caller may not make a full-access key, the form starts on (and stays with) Only these.
  const scopes = picked ?? (grantable[1].data?.fullAccess === false ? [] : null);
  const [submitted, setSubmitted] = useState(false);
  const descriptionRef = useRef<HTMLInputElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const scopesRef = useRef<HTMLInputElement>(null);

  const trimmed = description.trim();
  const tooLong = trimmed.length > DESCRIPTION_MAX_LENGTH;
  const descriptionError = tooLong
    ? m.descriptionTooLong(DESCRIPTION_MAX_LENGTH)
    : submitted && !trimmed
      ? m.descriptionRequired
      : null;
  const showCount = description.length >= COUNT_FROM;
  const describedBy = [descriptionError && `${id}-error`, showCount && `${id}-count`]
    .filter(Boolean)
    .join(" ");

  return (
    <form
      data-slot="create-api-key-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (pending) return;
        setSubmitted(true);
        const expiryResult = resolveExpiry(expiry, ui.now ?? new Date());
        if (!trimmed || tooLong) return descriptionRef.current?.focus();
        if (!expiryResult.ok) return dateRef.current?.focus();
        if (scopes?.length === 0) return scopesRef.current?.focus();
        onSubmit({
          description: trimmed,
          expiresAt: expiryResult.expiresAt,
          isPublic: visibility === "public",
          scopes,
        });
      }}
    >
      <div data-slot="field" data-invalid={descriptionError ? "" : undefined}>
        <label data-slot="label" htmlFor={`${id}-description`}>
          {m.descriptionLabel}
        </label>
        <input
          ref={descriptionRef}
          id={`${id}-description`}
          data-slot="input"
          required
          autoComplete="off"
          placeholder={m.descriptionPlaceholder}
          value={description}
          aria-invalid={descriptionError ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(event) => setDescription(event.target.value)}
        />
        {descriptionError ? (
          <p id={`${id}-error`} data-slot="field-error">
            {descriptionError}
          </p>
        ) : null}
        {showCount ? (
          <p id={`${id}-count`} data-slot="count" data-state={tooLong ? "over" : "near"}>
            {m.descriptionCount(description.length, DESCRIPTION_MAX_LENGTH)}
          </p>
        ) : null}
      </div>
      <ExpiryPicker value={expiry} onValueChange={setExpiry} showErrors={submitted} dateInputRef={dateRef} />
      <VisibilityChoice value={visibility} onValueChange={setVisibility} />
      <ScopeChoice
        ui={ui}
        scopes={grantable}
        value={scopes}
        onValueChange={setScopes}
        showErrors={submitted}
        inputRef={scopesRef}
      />
      {error ? (
        <p role="alert" data-slot="form-error">
          {m.createFailed(error.message)}
        </p>
      ) : null}
      <FormActions ui={ui} pending={pending} label={pending ? m.creating : m.create} />
    </form>
  );
}
