import type { ApiKeyStore } from "./store.js";
import {
  assertLimiterOptions,
  secondsLeft,
  type AsyncRateLimiter,
  type RateLimitDecision,
  type RateLimiterOptions,
} from "./rate-limit.js";

export interface SharedRateLimiterOptions extends Omit<RateLimiterOptions, "maxSubjects"> {
  /** Where the counts live: a store with rate-limit counters (every store in this package has them). */
  store: ApiKeyStore;
  /** Tells this limiter's counts from another's on the same store (default `"check"`). */
  name?: string;
}

/**
 * A fixed-window limiter whose counts live in the store, so every instance on one PostgreSQL database shares
 * one budget per subject: the deployment's limit, not one per instance. Windows are aligned to multiples of
 * `windowMs` since the epoch, so instances agree on them; each request is one atomic upsert of its counter.
 */
export function createSharedRateLimiter({
  store,
  name = "check",
  limit,
  windowMs,
  by,
  now = Date.now,
}: SharedRateLimiterOptions): AsyncRateLimiter {
  assertLimiterOptions({ limit, windowMs, by });
  const { countRequest, peekRequests } = store;
  if (!countRequest || !peekRequests) {
    throw new TypeError("createSharedRateLimiter needs a store with countRequest and peekRequests.");
  }

  function decide(count: number | null, start: number, at: number): RateLimitDecision {
    if (count === null || count > limit) {
      return { allowed: false, remaining: 0, retryAfterSeconds: secondsLeft(start, windowMs, at) };
    }
    return { allowed: true, remaining: limit - count, retryAfterSeconds: 0 };
  }

  return {
    by,
    async take(subject) {
      const at = now();
      const start = at - (at % windowMs);
      return decide(await countRequest.call(store, `${name}:${subject}`, start, windowMs, limit), start, at);
    },
    async peek(subject) {
      const at = now();
      const start = at - (at % windowMs);
      const count = await peekRequests.call(store, `${name}:${subject}`, start);
      return decide(count >= limit ? null : count, start, at);
    },
  };
}
