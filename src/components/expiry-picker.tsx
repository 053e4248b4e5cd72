import { useId } from "react";
import type { ComponentPropsWithoutRef, Ref } from "react";
import { DEFAULT_EXPIRY, EXPIRY_PRESETS, localDay, resolveExpiry } from "./expiry.js";
import type { ExpiryPreset, ExpiryValue } from "./expiry.js";
import { formatDate } from "./format.js";
import { useUi } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import { useControllableState } from "./use-controllable-state.js";

export interface ExpiryPickerProps
  extends Omit<ComponentPropsWithoutRef<"div">, "defaultValue" | "onChange">, ApiKeysUiProps {
  value?: ExpiryValue;
  defaultValue?: ExpiryValue;
  onValueChange?: (value: ExpiryValue) => void;
  /** Also flag a custom expiry with no date yet (set once someone tried to submit). */
  showErrors?: boolean;
  dateInputRef?: Ref<HTMLInputElement>;
}

// "1d" is named by `expiry1d`, "never" by `expiryNever`.
const label = (preset: ExpiryPreset) =>
  `expiry${preset[0]!.toUpperCase()}${preset.slice(1)}` as "expiry1d" | "expiryNever";

/** Presets, Never, or a custom day; a custom key lasts to the end of that day in the viewer's time zone. */
export function ExpiryPicker({
  value,
  defaultValue = DEFAULT_EXPIRY,
  onValueChange,
  showErrors = false,
  dateInputRef,
  messages,
  locale,
  now,
  unstyled,
  className,
  ...rest
}: ExpiryPickerProps) {
  const ui = useUi({ messages, locale, now, unstyled });
  const m = ui.messages;
  const [expiry, setExpiry] = useControllableState(value, defaultValue, onValueChange);
  const id = useId();
  const at = ui.now ?? new Date();
  const result = resolveExpiry(expiry, at);
  const error =
    !result.ok && (result.reason === "past" || showErrors)
      ? result.reason === "past"
        ? m.customDatePast
        : m.customDateRequired
      : null;
  const caption = result.ok
    ? result.expiresAt
      ? m.expiresOn(formatDate(result.expiresAt, ui.locale))
      : m.neverExpires
    : error
      ? null
      : m.customDateRequired;

  return (
    <div data-slot="expiry-picker" data-invalid={error ? "" : undefined} className={className} {...rest}>
      <label data-slot="label" htmlFor={`${id}-preset`}>
        {m.expiryLabel}
      </label>
      <select
        id={`${id}-preset`}
        data-slot="select"
        value={expiry.preset}
        aria-describedby={`${id}-caption`}
        onChange={(event) => setExpiry({ ...expiry, preset: event.target.value as ExpiryPreset })}
      >
        {EXPIRY_PRESETS.map((preset) => (
          <option key={preset} value={preset}>
            {m[label(preset)]}
          </option>
        ))}
      </select>
      {expiry.preset === "custom" ? (
        <>
          <label data-slot="label" htmlFor={`${id}-date`}>
            {m.customDateLabel}
          </label>
          <input
            ref={dateInputRef}
            id={`${id}-date`}
            data-slot="input"
            type="date"
            min={localDay(at)}
            value={expiry.date ?? ""}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-caption`}
            onChange={(event) => setExpiry({ ...expiry, date: event.target.value })}
          />
        </>
      ) : null}
      <p id={`${id}-caption`} data-slot={error ? "field-error" : "expiry-caption"}>
        {error ?? caption}
      </p>
    </div>
  );
}
