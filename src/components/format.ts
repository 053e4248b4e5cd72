import type { ApiKey } from "../client/index.js";

export type ApiKeyStatus = "active" | "expired" | "revoked";

/** The expiring-soon threshold when none is given: a week. */
export const EXPIRING_SOON_DAYS = 7;

/** An active key that expires within `days` of `now`. */
export function isExpiringSoon(key: ApiKey, now: Date, days = EXPIRING_SOON_DAYS): boolean {
  const left = key.expiresAt ? key.expiresAt.getTime() - now.getTime() : Infinity;
  return left > 0 && left <= days * 86_400_000 && !key.manuallyRevokedAt;
}

export function keyStatus(key: ApiKey, now: Date): ApiKeyStatus {
  const reason = key.whyInvalid(now);
  return reason === null ? "active" : reason === "expired" ? "expired" : "revoked";
}

// Making an Intl formatter costs far more than formatting with one (a page of rows took ~8 ms of a
// keystroke's frame doing it per cell), so each is made once per locale and time zone. `undefined` is the
// runtime's own.
function perLocale<T>(
  make: (locale: string | undefined, timeZone: string | undefined) => T,
): (locale: string | undefined, timeZone?: string) => T {
  const made = new Map<string, T>();
  return (locale, timeZone) => {
    const key = `${locale} ${timeZone}`;
    if (!made.has(key)) made.set(key, make(locale, timeZone));
    return made.get(key)!;
  };
}

const dateFormat = perLocale(
  (locale) => new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" }),
);
const dateTimeFormat = perLocale(
  (locale, timeZone) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }),
);
const relativeFormat = perLocale((locale) => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));

/** "26 Dec 2026" in en-GB, "Dec 26, 2026" in en-US. */
export function formatDate(date: Date, locale: string | undefined): string {
  return dateFormat(locale).format(date);
}

export function formatDateTime(date: Date, locale: string | undefined, timeZone?: string): string {
  return dateTimeFormat(locale, timeZone).format(date);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Thresholds as people round: 50 minutes is "1 hour", 40 days is still counted in days.
const STEPS: [limit: number, unit: Intl.RelativeTimeFormatUnit, size: number][] = [
  [45 * SECOND, "second", SECOND],
  [45 * MINUTE, "minute", MINUTE],
  [22 * HOUR, "hour", HOUR],
  [45 * DAY, "day", DAY],
  [320 * DAY, "month", 30 * DAY],
  [Infinity, "year", 365 * DAY],
];

/** "in 29 days", "2 hours ago", "now". */
export function formatRelative(date: Date, now: Date, locale: string | undefined): string {
  const diff = date.getTime() - now.getTime();
  const [, unit, size] = STEPS.find(([limit]) => Math.abs(diff) < limit)!;
  // `|| 0` turns -0 into 0, which Intl would read as "0 seconds ago" rather than "now".
  return relativeFormat(locale).format(Math.round(diff / size) || 0, unit);
}

/** As `formatRelative`, but counted in hours up to two days ahead: "in 24 hours" rather than "tomorrow". */
export function formatUntil(date: Date, now: Date, locale: string | undefined): string {
  const diff = date.getTime() - now.getTime();
  return diff >= 45 * MINUTE && diff < 48 * HOUR
    ? relativeFormat(locale).format(Math.round(diff / HOUR), "hour")
    : formatRelative(date, now, locale);
}

export interface Moment {
  iso: string;
  /** The absolute date and time, for the title. */
  full: string;
  relative: string;
}

// A row's three dates formatted once for a clock, locale and time zone, not again each time a search or
// filter brings the key back onto the page. Keyed by the key's Date objects, so a refetched list starts afresh.
const moments = new WeakMap<Date, [key: string, moment: Moment]>();

export function formatMoment(
  date: Date,
  now: Date,
  locale: string | undefined,
  timeZone: string | undefined,
): Moment {
  const key = `${+date} ${+now} ${locale} ${timeZone}`;
  const hit = moments.get(date);
  if (hit?.[0] === key) return hit[1];
  const made = {
    iso: date.toISOString(),
    full: formatDateTime(date, locale, timeZone),
    relative: formatRelative(date, now, locale),
  };
  moments.set(date, [key, made]);
  return made;
}
