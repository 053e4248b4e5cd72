import type { Caller } from "./auth.js";
import { KnownError } from "./errors.js";
import { sha256Hex } from "./sha256.js";

export interface RateLimiterOptions {
  /** Requests allowed per subject in each window. */
  limit: number;
  windowMs: number;
  /**
   * What one budget belongs to: `caller` is the authenticated principal (for `check`, the app's backend, so one
   * budget per project whatever user token comes along), `key` is the API key being checked, so one busy key
   * cannot starve the others.
   */
  by: "caller" | "key";
  /** Milliseconds since the epoch; pass a fixed clock in tests. */
  now?: () => number;
  /**
   * Subjects tracked at once (default 100,000), to bound memory. When full, expired windows and then the least
   * recently used ones with budget left are forgotten; a spent window is kept until it ends, so a flood of new
   * subjects cannot give a spent one its budget back. If every tracked window is spent, a new subject is refused.
   */
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
  /** As `take`, without counting: whether a request would be allowed now. */
  peek(subject: string): RateLimitDecision;
}

/** A limiter whose counts live elsewhere (see `createSharedRateLimiter`), so its answers take a round trip. */
export interface AsyncRateLimiter {
  readonly by: "caller" | "key";
  take(subject: string): Promise<RateLimitDecision>;
  peek(subject: string): Promise<RateLimitDecision>;
}

export type AnyRateLimiter = RateLimiter | AsyncRateLimiter;

export function assertLimiterOptions({ limit, windowMs, by }: Omit<RateLimiterOptions, "now">): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer.");
  if (!(windowMs > 0)) throw new RangeError("windowMs must be positive.");
  if (by !== "caller" && by !== "key") throw new RangeError('by must be "caller" or "key".');
}

export const secondsLeft = (start: number, windowMs: number, at: number) =>
  Math.max(1, Math.ceil((start + windowMs - at) / 1000));

/**
 * A fixed-window limiter in this process's memory. Each instance behind a load balancer keeps its own
 * counts, so the effective limit is `limit` times the number of instances; `createSharedRateLimiter` keeps
 * one count for all of them in the store.
 */
export function createRateLimiter({
  limit,
  windowMs,
  by,
  now = Date.now,
  maxSubjects = 100_000,
}: RateLimiterOptions): RateLimiter {
  assertLimiterOptions({ limit, windowMs, by });

  // In Map order, least recently used first: a subject is moved to the end whenever it is counted.
  const windows = new Map<string, { start: number; count: number }>();

  // Called only when full, and frees a tenth of the room, so its cost is spread over many new subjects.
  function sweep(at: number) {
    for (const [subject, window] of windows) {
      if (at - window.start >= windowMs) windows.delete(subject);
    }
    const target = Math.floor(maxSubjects * 0.9);
    for (const [subject, window] of windows) {
      if (windows.size <= target) break;
      if (window.count < limit) windows.delete(subject);
    }
  }

  function current(subject: string, at: number) {
    const window = windows.get(subject);
    if (window && at - window.start >= windowMs) {
      windows.delete(subject);
      return undefined;
    }
    return window;
  }

  const refused = (start: number, at: number): RateLimitDecision => ({
    allowed: false,
    remaining: 0,
    retryAfterSeconds: secondsLeft(start, windowMs, at),
  });

  return {
    by,
    take(subject) {
      const at = now();
      let window = current(subject, at);
      if (window) {
        windows.delete(subject);
      } else {
        if (windows.size >= maxSubjects) sweep(at);
        // Every window tracked is spent and still running: no room without forgetting one of them.
        if (windows.size >= maxSubjects) return refused(windows.values().next().value!.start, at);
        window = { start: at, count: 0 };
      }
      windows.set(subject, window);
      if (window.count >= limit) return refused(window.start, at);
      window.count += 1;
      return { allowed: true, remaining: limit - window.count, retryAfterSeconds: 0 };
    },
    peek(subject) {
      const at = now();
      const window = current(subject, at);
      if (window && window.count >= limit) return refused(window.start, at);
      return { allowed: true, remaining: limit - (window?.count ?? 0), retryAfterSeconds: 0 };
    },
  };
}

/** The budget's subject for this caller: the principal the project key proves, never a token it adds. */
export function callerSubject(caller: Caller): string {
  // A server request may name any user with a token; it is the app's backend either way.
  return caller.accessType === "server" ? "server" : `client:${caller.userId ?? ""}`;
}

export function rateLimited(decision: RateLimitDecision, what = "API key checks"): KnownError {
  return new KnownError(
    "RATE_LIMITED",
    `Too many ${what}. Try again in ${decision.retryAfterSeconds} seconds.`,
    { retry_after_seconds: decision.retryAfterSeconds },
    { "retry-after": String(decision.retryAfterSeconds) },
  );
}

/**
 * Throws `RATE_LIMITED` (429, with `Retry-After`) when the check request is over budget. A body without a
 * string `api_key` is left to the schema check. Keys are counted under their hash, so the limiter's memory
 * never holds a whole key.
 */
export async function enforceCheckRateLimit(
  limiter: AnyRateLimiter,
  caller: Caller,
  body: unknown,
): Promise<void> {
  let subject: string;
  if (limiter.by === "caller") {
    subject = callerSubject(caller);
  } else {
    const apiKey = (body as { api_key?: unknown } | null)?.api_key;
    if (typeof apiKey !== "string") return;
    subject = sha256Hex(apiKey);
  }
  const decision = await limiter.take(subject);
  if (!decision.allowed) throw rateLimited(decision);
}
