// Limits an attacker could otherwise widen: keys per owner, the list's size, the check budget by principal,
// failed checks, and one budget for every instance on one database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { generateApiKey } from "../../../src/server/key-format.js";
import { DEFAULT_LIMITS } from "../../../src/server/limits.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { postgresStore } from "../../../src/server/postgres-store.js";
import { createRateLimiter } from "../../../src/server/rate-limit.js";
import { sampleHandlerOptions, sampleUsers } from "../../../src/server/sample.js";
import { createSharedRateLimiter } from "../../../src/server/shared-rate-limit.js";
import type { ApiKeyStore } from "../../../src/server/store.js";
import { describePostgres, freshSchema, postgres } from "../../support/postgres.js";
import { check, createKey, serverRequest } from "../../support/server-calls.js";
import { storeFactories } from "../../support/stores.js";
import { expectKnown, makeApi } from "./api.js";

describe.each(storeFactories)("limits on the $name store", { timeout: 120_000 }, (factory) => {
  let made: Awaited<ReturnType<typeof factory.create>>;
  beforeAll(async () => {
    made = await factory.create();
  }, 60_000);
  afterAll(() => made?.cleanup());

  describe("given at most 3 working keys per owner", () => {
    it("answers the 4th create 409 API_KEY_LIMIT_REACHED, and allows one again after a revoke", async () => {
      const api = makeApi(made.store, { limits: { maxWorkingKeysPerOwner: 3 } });
      const keys = [];
      for (let i = 0; i < 3; i++) keys.push(await api.create("user", sampleUsers.alice.id));
      const refused = await api.call("POST", "/user-api-keys", {
        body: { description: "one more", expires_at_millis: null, user_id: sampleUsers.alice.id },
      });
      expectKnown(refused, 409, "API_KEY_LIMIT_REACHED", { max_working_keys: 3 });
      await api.create("user", sampleUsers.bob.id); // another owner has a budget of its own
      await api.create("team", sampleUsers.alice.id); // and so have team keys

      await api.call("PATCH", `/user-api-keys/${keys[0]!.id}`, { body: { revoked: true } });
      await api.create("user", sampleUsers.alice.id);
      const list = await api.call("GET", `/user-api-keys?user_id=${sampleUsers.alice.id}`);
      expect(list.json.items).toHaveLength(4);
    });

    it("lets exactly 3 of 12 concurrent creates through", async () => {
      const api = makeApi(made.store, { limits: { maxWorkingKeysPerOwner: 3 } });
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          api.call("POST", "/user-api-keys", {
            body: { description: "race", expires_at_millis: null, user_id: sampleUsers.carol.id },
          }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([
        ...Array(3).fill(200),
        ...Array(9).fill(409),
      ]);
    });
  });

  describe("given at most 2 keys in a list answer", () => {
    it("answers the newest 2", async () => {
      const api = makeApi(made.store, { limits: { maxListedKeys: 2 } });
      const ids = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await api.create("user", sampleUsers.alice.id)).id);
        api.clock.now += 1;
      }
      const list = await api.call("GET", `/user-api-keys?user_id=${sampleUsers.alice.id}`);
      expect(list.json.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    });
  });
});

describe("the default limits", () => {
  it("allow 1,000 working keys per owner and list 1,000", async () => {
    expect(DEFAULT_LIMITS).toEqual({ maxWorkingKeysPerOwner: 1_000, maxListedKeys: 1_000 });
    const api = makeApi(memoryStore());
    for (let i = 0; i < 1_000; i++) await api.create("user", sampleUsers.alice.id);
    const refused = await api.call("POST", "/user-api-keys", {
      body: { description: "1001st", expires_at_millis: null, user_id: sampleUsers.alice.id },
    });
    expectKnown(refused, 409, "API_KEY_LIMIT_REACHED");
  });
});

describe("the check rate limit", () => {
  it("is one budget for the backend, whatever user tokens its requests carry", async () => {
    const store = memoryStore();
    const checkRateLimit = createRateLimiter({ limit: 2, windowMs: 60_000, by: "caller" });
    const api = makeApi(store, { checkRateLimit });
    const key = await api.create("user", sampleUsers.alice.id);
    const statuses = [];
    for (const who of ["alice", "bob", "carol", "alice"] as const) {
      const answer = await api.call("POST", "/user-api-keys/check", {
        body: { api_key: key.value },
        headers: { "x-stack-access-token": sampleUsers[who].accessToken },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it("keeps a spent key's window through a flood of junk keys", async () => {
    const store = memoryStore();
    const checkRateLimit = createRateLimiter({ limit: 1, windowMs: 60_000, by: "key", maxSubjects: 100 });
    const handler = createApiKeysHandler(sampleHandlerOptions(store, { checkRateLimit }));
    const key = await createKey(handler);
    expect((await check(handler, key.value)).status).toBe(200);
    expect((await check(handler, key.value)).status).toBe(429);
    for (let i = 0; i < 1_000; i++) await check(handler, generateApiKey({ isPublic: false }));
    expect((await check(handler, key.value)).status).toBe(429);
  });
});

describe("the failed-check limit", () => {
  it("answers 429 to every check of a caller that failed 3 times in the window", async () => {
    const store = memoryStore();
    let now = Date.UTC(2030, 0, 1);
    const failedCheckRateLimit = createRateLimiter({
      limit: 3,
      windowMs: 60_000,
      by: "caller",
      now: () => now,
    });
    const handler = createApiKeysHandler(sampleHandlerOptions(store, { failedCheckRateLimit }));
    const key = await createKey(handler);
    for (let i = 0; i < 5; i++) expect((await check(handler, key.value)).status).toBe(200); // successes are free
    for (let i = 0; i < 3; i++) {
      expect((await check(handler, generateApiKey({ isPublic: false }))).status).toBe(404);
    }
    const refused = await check(handler, key.value);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-stack-known-error")).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    now += 60_000;
    expect((await check(handler, key.value)).status).toBe(200);
  });
});

/** Three handlers, as three instances would be, each with its own store object on one database. */
async function sharedBudget(stores: ApiKeyStore[]) {
  const windowMs = 60_000;
  const handlers = stores.map((store) =>
    createApiKeysHandler(
      sampleHandlerOptions(store, {
        checkRateLimit: createSharedRateLimiter({ store, limit: 5, windowMs, by: "caller" }),
        failedCheckRateLimit: createSharedRateLimiter({
          store,
          name: "failed",
          limit: 4,
          windowMs,
          by: "caller",
        }),
      }),
    ),
  );
  const key = await createKey(handlers[0]!);
  // Far from a window's edge, so all 15 land in one window.
  const edge = windowMs - (Date.now() % windowMs);
  if (edge < 5_000) await new Promise((resolve) => setTimeout(resolve, edge + 10));
  const answers = await Promise.all(
    Array.from({ length: 15 }, (_, i) => check(handlers[i % 3]!, key.value).then((answer) => answer.status)),
  );
  return { answers, handlers, key };
}

describe("a shared rate limiter on one memory store", () => {
  it("gives three handlers one budget between them", async () => {
    const store = memoryStore();
    const { answers } = await sharedBudget([store, store, store]);
    expect(answers.filter((status) => status === 200)).toHaveLength(5);
    expect(answers.filter((status) => status === 429)).toHaveLength(10);
  });
});

describePostgres("a shared rate limiter on one PostgreSQL database", () => {
  it("gives three instances one budget, and one failed-check budget", { timeout: 60_000 }, async () => {
    const schema = await freshSchema(postgres.url!);
    const stores = [0, 1, 2].map(() => postgresStore({ connectionString: schema.url, max: 4 }));
    try {
      const { answers } = await sharedBudget(stores);
      expect(answers.filter((status) => status === 200)).toHaveLength(5);
      expect(answers.filter((status) => status === 429)).toHaveLength(10);

      // Failed checks: a separate budget of 4, again across the three instances.
      const failed = createApiKeysHandler(
        sampleHandlerOptions(stores[0]!, {
          failedCheckRateLimit: createSharedRateLimiter({
            store: stores[0]!,
            name: "failed-2",
            limit: 4,
            windowMs: 60_000,
            by: "caller",
          }),
        }),
      );
      const others = [1, 2].map((i) =>
        createApiKeysHandler(
          sampleHandlerOptions(stores[i]!, {
            failedCheckRateLimit: createSharedRateLimiter({
              store: stores[i]!,
              name: "failed-2",
              limit: 4,
              windowMs: 60_000,
              by: "caller",
            }),
          }),
        ),
      );
      const all = [failed, ...others];
      const guesses = [];
      for (let i = 0; i < 6; i++) {
        guesses.push((await check(all[i % 3]!, generateApiKey({ isPublic: false }))).status);
      }
      expect(guesses).toEqual([404, 404, 404, 404, 429, 429]);
      const list = await all[1]!(serverRequest("GET", "/user-api-keys?user_id=user-alice"));
      expect(list.status).toBe(200);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await schema.drop();
    }
  });
});
