import { keyPath, ownerQuery } from "./api-key.js";
import { ApiKeysError } from "./errors.js";
import type { RequestOptions, Transport } from "./transport.js";
import { USAGE_OUTCOMES, type ApiKeyType } from "./wire.js";

/** One UTC day of a key's checks, by how they ended. */
export interface ApiKeyUsageDay {
  /** `YYYY-MM-DD`, in UTC. */
  date: string;
  ok: number;
  revoked: number;
  expired: number;
  insufficientScope: number;
  rateLimited: number;
}

/** A key's checks per day, oldest first, today (UTC) last, every day present. */
export interface ApiKeyUsage {
  id: string;
  days: ApiKeyUsageDay[];
}

export interface GetApiKeyUsageOptions {
  /** 1 to 90; the server's default is 30. */
  days?: number;
}

const CAMEL = {
  ok: "ok",
  revoked: "revoked",
  expired: "expired",
  insufficient_scope: "insufficientScope",
  rate_limited: "rateLimited",
} as const;

/** GET `/{type}-api-keys/usage`, the reference server's `usage` extension: one item per key of the owner. */
export function getApiKeyUsage(
  transport: Transport,
  type: ApiKeyType,
  ownerId: string,
  { days }: GetApiKeyUsageOptions = {},
  options?: Pick<RequestOptions, "signal">,
): Promise<ApiKeyUsage[]> {
  const query = { ...ownerQuery(type, ownerId), ...(days === undefined ? {} : { days: String(days) }) };
  return transport("GET", `${keyPath(type)}/usage`, { query, signal: options?.signal }, parseUsage);
}

function parseUsage(json: unknown): ApiKeyUsage[] {
  const items = (json as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) invalid("answer.items", "an array");
  return items.map((item: unknown, i) => {
    const path = `answer.items[${i}]`;
    const { id, days } = (item ?? {}) as { id?: unknown; days?: unknown };
    if (typeof id !== "string") invalid(`${path}.id`, "a string");
    if (!Array.isArray(days)) invalid(`${path}.days`, "an array");
    return { id, days: days.map((day: unknown, j) => parseDay(day, `${path}.days[${j}]`)) };
  });
}

function parseDay(value: unknown, path: string): ApiKeyUsageDay {
  const day = (value ?? {}) as Record<string, unknown>;
  if (typeof day.date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(day.date)) {
    invalid(`${path}.date`, "a date as YYYY-MM-DD");
  }
  const out = { date: day.date } as ApiKeyUsageDay;
  for (const outcome of USAGE_OUTCOMES) {
    const count = day[outcome];
    if (!Number.isSafeInteger(count) || (count as number) < 0) invalid(`${path}.${outcome}`, "a count");
    out[CAMEL[outcome]] = count as number;
  }
  return out;
}

function invalid(path: string, expected: string): never {
  throw new ApiKeysError({
    code: "INVALID_RESPONSE",
    status: 200,
    message: `The server's answer does not fit the API-keys contract: ${path} should be ${expected}.`,
    details: { path, expected },
  });
}
