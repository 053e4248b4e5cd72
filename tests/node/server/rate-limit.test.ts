import { describe, expect, it } from "vitest";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { createRateLimiter, type RateLimiterOptions } from "../../../src/server/rate-limit.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import { check, createKey, outcome, serverRequest } from "../../support/server-calls.js";

function limiter(options: Omit<RateLimiterOptions, "now"> & { start?: number }) {
  const clock = { now: options.start ?? 1_000_000 };
  return { clock, limiter: createRateLimiter({ ...options, now: () => clock.now }) };
}

describe("createRateLimiter", () => {
  describe("given a limit of 3 per 10 s", () => {
    it("allows 3 requests of a subject, then refuses with the seconds left in the window", () => {
      const { clock, limiter: limit } = limiter({ limit: 3, windowMs: 10_000, by: "caller" });
      expect([1, 2, 3].map(() => limit.take("s").remaining)).toEqual([2, 1, 0]);
      clock.now += 2_500;
      expect(limit.take("s")).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 8 });
    });

    it("never answers a Retry-After below one second", () => {
      const { clock, limiter: limit } = limiter({ limit: 1, windowMs: 10_000, by: "caller" });
      limit.take("s");
      clock.now += 9_999;
      expect(limit.take("s").retryAfterSeconds).toBe(1);
    });

    it("starts a fresh budget when the window has passed", () => {
      const { clock, limiter: limit } = limiter({ limit: 3, windowMs: 10_000, by: "caller" });
      for (let i = 0; i < 4; i++) limit.take("s");
      clock.now += 10_000;
      expect(limit.take("s")).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
    });

    it("does not count refused requests against the next window", () => {
      const { clock, limiter: limit } = limiter({ limit: 1, windowMs: 10_000, by: "caller" });
      for (let i = 0; i < 50; i++) limit.take("s");
      clock.now += 10_000;
      expect(limit.take("s").allowed).toBe(true);
    });

    it("keeps one budget per subject", () => {
      const { limiter: limit } = limiter({ limit: 1, windowMs: 10_000, by: "key" });
      expect(limit.take("a").allowed).toBe(true);
      expect(limit.take("a").allowed).toBe(false);
      expect(limit.take("b").allowed).toBe(true);
    });
  });

  describe("given more subjects than it may track", () => {
    it("forgets the least recently used window that still has budget, never a spent one", () => {
      const { clock, limiter: limit } = limiter({ limit: 2, windowMs: 10_000, by: "key", maxSubjects: 2 });
      limit.take("spent");
      limit.take("spent");
      clock.now += 1;
      limit.take("fresh");
      clock.now += 1;
      expect(limit.take("new").allowed).toBe(true);
      expect(limit.take("spent").allowed).toBe(false);
      expect(limit.peek("fresh")).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
    });

    it("refuses a new subject while every window it tracks is spent", () => {
      const { clock, limiter: limit } = limiter({ limit: 1, windowMs: 10_000, by: "key", maxSubjects: 2 });
      limit.take("a");
      limit.take("b");
      expect(limit.take("c").allowed).toBe(false);
      expect(limit.take("a").allowed).toBe(false);
      clock.now += 10_000;
      expect(limit.take("c").allowed).toBe(true);
    });
  });

  it("refuses options that would never allow a request", () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1_000, by: "caller" })).toThrow(RangeError);
    expect(() => createRateLimiter({ limit: 1, windowMs: 0, by: "caller" })).toThrow(RangeError);
    // @ts-expect-error: an unknown subject kind
    expect(() => createRateLimiter({ limit: 1, windowMs: 1_000, by: "ip" })).toThrow(RangeError);
  });
});

describe("the handler's checkRateLimit", () => {
  function setup(options: Omit<RateLimiterOptions, "now">) {
    const { clock, limiter: checkRateLimit } = limiter(options);
    const handler = createApiKeysHandler(sampleHandlerOptions(memoryStore(), { checkRateLimit }));
    return { clock, handler };
  }

  describe("given a limit of 3 checks per minute per caller", () => {
    it("answers the 4th check 429 RATE_LIMITED with Retry-After, as a known error", async () => {
      const { handler } = setup({ limit: 3, windowMs: 60_000, by: "caller" });
      const key = await createKey(handler);
      for (let i = 0; i < 3; i++) expect(await outcome(await check(handler, key.value))).toBe("OK");

      const refused = await check(handler, key.value);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("60");
      expect(refused.headers.get("x-stack-known-error")).toBe("RATE_LIMITED");
      expect(await refused.json()).toEqual({
        code: "RATE_LIMITED",
        error: expect.stringContaining("60 seconds"),
        details: { retry_after_seconds: 60 },
      });
    });

    it("counts checks of every key, known or not, against the one budget", async () => {
      const { handler } = setup({ limit: 2, windowMs: 60_000, by: "caller" });
      const key = await createKey(handler);
      await check(handler, "rak_sk_not_a_real_key");
      await check(handler, key.value, "team");
      expect(await outcome(await check(handler, key.value))).toBe("RATE_LIMITED");
    });

    it("leaves the other routes alone", async () => {
      const { handler } = setup({ limit: 1, windowMs: 60_000, by: "caller" });
      const key = await createKey(handler);
      await check(handler, key.value);
      for (let i = 0; i < 5; i++) {
        await createKey(handler);
        const list = await handler(serverRequest("GET", "/user-api-keys?user_id=user-alice"));
        expect(list.status).toBe(200);
      }
    });

    it("allows checks again once the window has passed", async () => {
      const { clock, handler } = setup({ limit: 1, windowMs: 60_000, by: "caller" });
      const key = await createKey(handler);
      await check(handler, key.value);
      expect(await outcome(await check(handler, key.value))).toBe("RATE_LIMITED");
      clock.now += 60_000;
      expect(await outcome(await check(handler, key.value))).toBe("OK");
    });

    it("does not count checks that fail authentication", async () => {
      const { handler } = setup({ limit: 1, windowMs: 60_000, by: "caller" });
      const key = await createKey(handler);
      const unauthenticated = serverRequest("POST", "/user-api-keys/check", { api_key: key.value });
      unauthenticated.headers.set("x-stack-secret-server-key", "wrong");
      expect((await handler(unauthenticated)).status).toBe(401);
      expect(await outcome(await check(handler, key.value))).toBe("OK");
    });
  });

  describe("given a limit of 2 checks per minute per key", () => {
    it("refuses a busy key while another key still checks", async () => {
      const { handler } = setup({ limit: 2, windowMs: 60_000, by: "key" });
      const busy = await createKey(handler);
      const quiet = await createKey(handler);
      await check(handler, busy.value);
      await check(handler, busy.value);
      expect(await outcome(await check(handler, busy.value))).toBe("RATE_LIMITED");
      expect(await outcome(await check(handler, quiet.value))).toBe("OK");
    });
  });

  describe("given no limiter", () => {
    it("answers every check", async () => {
      const handler = createApiKeysHandler(sampleHandlerOptions(memoryStore()));
      const key = await createKey(handler);
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, async () => outcome(await check(handler, key.value))),
      );
      expect(new Set(outcomes)).toEqual(new Set(["OK"]));
    });
  });
});
