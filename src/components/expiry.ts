export type ExpiryPreset = "1d" | "7d" | "30d" | "90d" | "1y" | "never" | "custom";

export interface ExpiryValue {
  preset: ExpiryPreset;
  /** The chosen day for `custom`, as `<input type="date">` gives it: `YYYY-MM-DD`. */
  date?: string;
}

export const EXPIRY_PRESETS: readonly ExpiryPreset[] = ["1d", "7d", "30d", "90d", "1y", "never", "custom"];
export const DEFAULT_EXPIRY: ExpiryValue = { preset: "30d" };

export type ExpiryResult = { ok: true; expiresAt: Date | null } | { ok: false; reason: "required" | "past" };

const pad = (n: number) => String(n).padStart(2, "0");

/** The local calendar day of a moment, as `YYYY-MM-DD`. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The last millisecond of a local day. Built from the local fields, not from midnight plus 24 hours,
 * so a day that is 23 or 25 hours long (a daylight-saving change) still ends at 23:59:59.999.
 */
export function endOfLocalDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999);
  return localDay(date) === day ? date : null;
}

/** Presets count calendar days (and a calendar year) from now, in local time. */
export function resolveExpiry(value: ExpiryValue, now: Date): ExpiryResult {
  const { preset } = value;
  if (preset === "never") return { ok: true, expiresAt: null };
  if (preset === "custom") {
    const end = value.date ? endOfLocalDay(value.date) : null;
    if (!end) return { ok: false, reason: "required" };
    return end.getTime() <= now.getTime() ? { ok: false, reason: "past" } : { ok: true, expiresAt: end };
  }
  const expiresAt = new Date(now);
  if (preset === "1y") expiresAt.setFullYear(expiresAt.getFullYear() + 1);
  else expiresAt.setDate(expiresAt.getDate() + Number.parseInt(preset, 10));
  return { ok: true, expiresAt };
}

const DAY = 86_400_000;

/**
 * The expiry a replacement gets by default: the old key's own lifetime, as a preset when it was made with one
 * (within a day, for a year's leap day or a daylight-saving hour), else as the same span from now.
 */
export function lifetimeExpiry(key: { createdAt: Date; expiresAt?: Date }, now: Date): ExpiryValue {
  if (!key.expiresAt) return { preset: "never" };
  const lifetime = key.expiresAt.getTime() - key.createdAt.getTime();
  // The presets that count days: "1d" to "1y".
  const preset = EXPIRY_PRESETS.slice(0, 5).find(
    (preset) => Math.abs(lifetime - (preset === "1y" ? 365 : Number.parseInt(preset, 10)) * DAY) < DAY,
  );
  return preset ? { preset } : { preset: "custom", date: localDay(new Date(now.getTime() + lifetime)) };
}
