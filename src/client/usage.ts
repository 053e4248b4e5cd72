import { keyPath, ownerQuery } from "./api-key.js";
import type { RequestOptions, Transport } from "./transport.js";
import { invalid, isString, items, want } from "./validate.js";
import type { ApiKeyType } from "./wire.js";

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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface GetApiKeyUsageOptions {
  /** 1 to 90; the server's default is 30. */
  days?: number;
}

/** GET `/{type}-api-keys/usage`, the reference server's `usage` extension: one item per key of the owner. */
export function getApiKeyUsage(
  transport: Transport,
  type: ApiKeyType,
  ownerId: string,
  { days }: GetApiKeyUsageOptions = {},
  options?: Pick<RequestOptions, "signal">,
): Promise<ApiKeyUsage[]> {
  const query = ownerQuery(type, ownerId);
  if (days !== undefined) query.days = String(days);
  return transport("GET", `${keyPath(type)}/usage`, { query, signal: options?.signal }, (json) =>
    items(json).map((item, i) => {
      const path = `answer.items[${i}]`;
      const { id, days } = (item ?? {}) as { id?: unknown; days?: unknown };
      return {
        id: want(id, isString(id), `${path}.id`, "a string"),
        days: want<unknown[]>(days, Array.isArray(days), `${path}.days`, "an array").map((value, j) => {
          // A thousand keys' month is 30,000 days: each becomes one object literal, and a path is written
          // only to name an error.
          const day = (value ?? {}) as Record<string, unknown>;
          const count = (name: string) => {
            const n = day[name] as number;
            return Number.isSafeInteger(n) && n >= 0 ? n : invalid(`${path}.days[${j}].${name}`, "a count");
          };
          return {
            date:
              isString(day.date) && DATE.test(day.date)
                ? day.date
                : invalid(`${path}.days[${j}].date`, "a date as YYYY-MM-DD"),
            ok: count("ok"),
            revoked: count("revoked"),
            expired: count("expired"),
            insufficientScope: count("insufficient_scope"),
            rateLimited: count("rate_limited"),
          };
        }),
      };
    }),
  );
}
