import type { Caller } from "./auth.js";
import { KnownError } from "./errors.js";
import { callerSubject, rateLimited, type AnyRateLimiter } from "./rate-limit.js";

// The answers a guess gets. A key that is found and works costs nothing.
const FAILED = new Set(["API_KEY_NOT_FOUND", "API_KEY_REVOKED", "API_KEY_EXPIRED", "WRONG_API_KEY_TYPE"]);

/**
 * Runs a check unless the caller has spent its budget of failed checks, and counts the check if it fails.
 * Counted per principal (for `check`, the app's backend), since a guesser sends a new key every time.
 */
export async function limitFailedChecks<T>(
  limiter: AnyRateLimiter | undefined,
  caller: Caller,
  run: () => Promise<T>,
): Promise<T> {
  if (!limiter) return run();
  const subject = `failed:${callerSubject(caller)}`;
  const before = await limiter.peek(subject);
  if (!before.allowed) throw rateLimited(before, "failed API key checks");
  try {
    return await run();
  } catch (error) {
    if (error instanceof KnownError && FAILED.has(error.code)) await limiter.take(subject);
    throw error;
  }
}
