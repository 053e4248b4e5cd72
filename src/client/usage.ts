import { keyPath, ownerQuery } from "./api-key.js";
import type { RequestOptions, Transport } from "./transport.js";
import { isString, items, want } from "./validate.js";
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
          const at = `${path}.days[${j}]`;
          const day = (value ?? {}) as Record<string, unknown>;
          const out: Record<string, unknown> = {
            date: want(
              day.date,
              isString(day.date) && /^\d{4}-\d{2}-\d{2}$/.test(day.date),
              `${at}.date`,
              "a date as YYYY-MM-DD",
            ),
          };
          for (const outcome of USAGE_OUTCOMES) {
            const count = day[outcome] as number;
            // insufficient_scope becomes insufficientScope
            out[outcome.replace(/_(.)/, (_, c: string) => c.toUpperCase())] = want(
              count,
              Number.isSafeInteger(count) && count >= 0,
              `${at}.${outcome}`,
              "a count",
            );
          }
          return out as unknown as ApiKeyUsageDay;
        }),
      };
    }),
  );
}
