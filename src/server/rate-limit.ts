import type { Caller } from "./auth.js";
import { KnownError } from "./errors.js";
import { sha256Hex } from "./sha256.js";

export interface RateLimiterOptions {
  /** Requests allowed per subject in each window. */
  limit: number;
  windowMs: number;
  /**
   * What one budget belongs to: `caller` is the authenticated caller (for `check`, the app's backend, so one
   * budget per handler), `key` is the API key being checked, so one busy key cannot starve the others.
   */
  by: "caller" | "key";
  /** Milliseconds since the epoch; pass a fixed clock in tests. */
  now?: () => number;
  /** Subjects tracked at once before the oldest windows are dropped (default 100,000), to bound memory. */
  maxSubjects?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests left in the current window after this one. */
  remaining: number;
  /** When a refused caller may try again, in whole seconds (at least 1); 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  readonly by: "caller" | "key";
  /** Counts one request for `subject` if the budget allows it; a refused request is not counted. */
  take(subject: string): RateLimitDecision;
}

/**
 * A fixed-window limiter in this process's memory. Each instance behind a load balancer keeps its own
 * counts, so the effective limit is `limit` times the number of instances.
 */
export function createRateLimiter({
  limit,
  windowMs,
  by,
  now = Date.now,
  maxSubjects = 100_000,
}: RateLimiterOptions): RateLimiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer.");
  if (!(windowMs > 0)) throw new RangeError("windowMs must be positive.");
  if (by !== "caller" && by !== "key") throw new RangeError('by must be "caller" or "key".');

  // Map keeps insertion order, and a subject is re-inserted when its window restarts, so the first entries
  // are always the oldest windows: pruning stops at the first one still running.
  const windows = new Map<string, { start: number; count: number }>();

  function prune(at: number) {
    for (const [subject, window] of windows) {
      if (at - window.start < windowMs && windows.size < maxSubjects) break;
      windows.delete(subject);
    }
  }

  return {
    by,
    take(subject) {
      const at = now();
      let window = windows.get(subject);
      if (!window || at - window.start >= windowMs) {
        windows.delete(subject);
        prune(at);
        window = { start: at, count: 0 };
        windows.set(subject, window);
      }
      if (window.count >= limit) {
        const retryAfterSeconds = Math.max(1, Math.ceil((window.start + windowMs - at) / 1000));
        return { allowed: false, remaining: 0, retryAfterSeconds };
      }
      window.count += 1;
      return { allowed: true, remaining: limit - window.count, retryAfterSeconds: 0 };
    },
  };
}

/**
 * Throws `RATE_LIMITED` (429, with `Retry-After`) when the check request is over budget. A body without a
 * string `api_key` is left to the schema check. Keys are counted under their hash, so the limiter's memory
 * never holds a whole key.
 */
export async function enforceCheckRateLimit(
  limiter: RateLimiter,
  caller: Caller,
  body: unknown,
): Promise<void> {
  let subject: string;
  if (limiter.by === "caller") {
    subject = `${caller.accessType}:${caller.userId ?? ""}`;
  } else {
    const apiKey = (body as { api_key?: unknown } | null)?.api_key;
    if (typeof apiKey !== "string") return;
    subject = sha256Hex(apiKey);
  }
  const decision = limiter.take(subject);
  if (decision.allowed) return;
  throw new KnownError(
    "RATE_LIMITED",
    `Too many API key checks. Try again in ${decision.retryAfterSeconds} seconds.`,
    { retry_after_seconds: decision.retryAfterSeconds },
    { "retry-after": String(decision.retryAfterSeconds) },
  );
}
