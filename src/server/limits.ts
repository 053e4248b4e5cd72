import type { EndpointContext } from "./endpoints.js";
import { KnownError } from "./errors.js";
import type { StoredApiKey } from "./store.js";

/** What one owner, or one answer, may grow to. */
export interface ApiKeysLimits {
  /**
   * Working keys (neither revoked nor expired) one user or team may hold; creating one more answers 409
   * `API_KEY_LIMIT_REACHED`. Default 1,000; `Infinity` for none.
   */
  maxWorkingKeysPerOwner?: number;
  /** Keys in one list answer, newest first; older ones are left out. Default 1,000. */
  maxListedKeys?: number;
}

export const DEFAULT_LIMITS: Required<ApiKeysLimits> = {
  maxWorkingKeysPerOwner: 1_000,
  maxListedKeys: 1_000,
};

export function resolveLimits(limits: ApiKeysLimits = {}): Required<ApiKeysLimits> {
  const resolved = { ...DEFAULT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(value === Infinity || (Number.isInteger(value) && value >= 1))) {
      throw new RangeError(`limits.${name} must be a positive integer or Infinity.`);
    }
  }
  return resolved;
}

export const keyLimitReached = (max: number) =>
  new KnownError(
    "API_KEY_LIMIT_REACHED",
    `This owner already has ${max} working API keys, the most allowed. Revoke one to create another.`,
    { max_working_keys: max },
  );

const isWorking = (key: StoredApiKey, at: number) =>
  key.revokedAtMillis === null && (key.expiresAtMillis === null || key.expiresAtMillis > at);

/**
 * Stores the key unless its owner is at the limit. A store with `insertWithinLimit` counts and inserts as one
 * step, so concurrent creates (on any instance) cannot pass the limit together; for another store, a count
 * taken first is the best it can do.
 */
export async function insertWithinLimit(ctx: EndpointContext, key: StoredApiKey): Promise<void> {
  const max = ctx.limits.maxWorkingKeysPerOwner;
  if (max === Infinity) return ctx.store.insert(key);
  if (ctx.store.insertWithinLimit) {
    if (!(await ctx.store.insertWithinLimit(key, max))) throw keyLimitReached(max);
    return;
  }
  const keys = await ctx.store.list(key.projectId, key.type, key.ownerId);
  if (keys.filter((stored) => isWorking(stored, key.createdAtMillis)).length >= max)
    throw keyLimitReached(max);
  await ctx.store.insert(key);
}
