import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiKeyType } from "../../../src/client/wire.js";
import { flushApiKeyUsage } from "../../../src/server/handler.js";
import { createRateLimiter } from "../../../src/server/rate-limit.js";
import { sampleTeams, sampleUsers } from "../../../src/server/sample.js";
import type { ApiKeyStore, UsageCounts } from "../../../src/server/store.js";
import { dayOf } from "../../../src/server/usage.js";
import { storeFactories } from "../../support/stores.js";
import { DAY, START, expectKnown, expectPlain, expectSchemaError, makeApi, type Who } from "./api.js";

const { alice, bob } = sampleUsers;
const { acme, globex } = sampleTeams;
const HOUR = 60 * 60 * 1000;
const zeros = { ok: 0, revoked: 0, expired: 0, insufficient_scope: 0, rate_limited: 0 };

describe.each(storeFactories)("usage on the $name store", (factory) => {
  let store: ApiKeyStore;
  let cleanup: () => Promise<void>;
  let api: ReturnType<typeof makeApi>;
  beforeAll(async () => {
    ({ store, cleanup } = await factory.create());
  }, 120_000);
  afterAll(() => cleanup());
  beforeEach(() => {
    api = makeApi(store);
  });

  const check = (key: { value: string; type: ApiKeyType }, on = api) =>
    on.call("POST", `/${key.type}-api-keys/check`, { body: { api_key: key.value } });
  const usage = (query: string, as: Who = "server", on = api) =>
    on.call("GET", `/user-api-keys/usage?${query}`, { as });
  /** The days of one key, as the endpoint answers them. */
  const daysOf = async (id: string, days = 3, on = api) => {
    const answer = await usage(`user_id=${alice.id}&days=${days}`, "server", on);
    expect(answer.status, answer.text).toBe(200);
    return answer.json.items.find((item: { id: string }) => item.id === id).days;
  };

  describe("given a working key", () => {
    it("announces usage and counts each ok check on today's UTC date, every day present", async () => {
      const key = await api.create("user", alice.id);
      const other = await api.create("user", alice.id);
      for (let i = 0; i < 3; i++) expect((await check(key)).status).toBe(200);
      expect((await api.call("GET", `/user-api-keys?user_id=${alice.id}`)).json.extensions).toContain(
        "usage",
      );

      // No flush asked for: this instance's buffered counts are read with the stored ones.
      const answer = await usage(`user_id=${alice.id}&days=3`);
      expect(answer.json).toEqual({
        items: [
          {
            id: other.id,
            days: [
              { date: "2029-12-30", ...zeros },
              { date: "2029-12-31", ...zeros },
              { date: "2030-01-01", ...zeros },
            ],
          },
          {
            id: key.id,
            days: [
              { date: "2029-12-30", ...zeros },
              { date: "2029-12-31", ...zeros },
              { date: "2030-01-01", ...zeros, ok: 3 },
            ],
          },
        ],
      });
    });

    it("counts N concurrent checks through three instances exactly N once flushed", async () => {
      const instances = [
        api,
        makeApi(store, { projectId: api.projectId }),
        makeApi(store, { projectId: api.projectId }),
      ];
      const key = await api.create("user", alice.id);
      const N = 150;
      const answers = await Promise.all(Array.from({ length: N }, (_, i) => check(key, instances[i % 3])));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      await Promise.all(instances.map((instance) => flushApiKeyUsage(instance.handler)));
      expect((await daysOf(key.id, 1))[0].ok).toBe(N);
      // Every instance reads the same once all have flushed.
      expect((await daysOf(key.id, 1, instances[2]))[0].ok).toBe(N);
    });

    it("shows another instance's counts only once that instance flushes", async () => {
      const b = makeApi(store, { projectId: api.projectId });
      const key = await api.create("user", alice.id);
      await check(key, b);
      await check(key, b);
      expect((await daysOf(key.id, 1))[0].ok).toBe(0);
      await flushApiKeyUsage(b.handler);
      expect((await daysOf(key.id, 1))[0].ok).toBe(2);
    });

    it("splits counts at midnight UTC", async () => {
      const key = await api.create("user", alice.id);
      api.clock.now = START + DAY - 1;
      await check(key);
      await check(key);
      api.clock.now = START + DAY;
      for (let i = 0; i < 3; i++) await check(key);
      const days = await daysOf(key.id, 3);
      expect(days.map((day: { date: string; ok: number }) => [day.date, day.ok])).toEqual([
        ["2029-12-31", 0],
        ["2030-01-01", 2],
        ["2030-01-02", 3],
      ]);
    });

    it("keeps last_used_at_millis at the last ok check, refusals after it change nothing", async () => {
      const key = await api.create("user", alice.id);
      api.clock.now = START + HOUR;
      await check(key);
      await api.call("PATCH", `/user-api-keys/${key.id}`, { body: { revoked: true } });
      api.clock.now = START + 2 * HOUR;
      expectKnown(await check(key), 401, "API_KEY_REVOKED");
      const read = await api.call("GET", `/user-api-keys/${key.id}`);
      expect(read.json.last_used_at_millis).toBe(START + HOUR);
    });
  });

  describe("given refusals", () => {
    it("counts a revoked key's refusals as revoked", async () => {
      const key = await api.create("user", alice.id);
      await check(key);
      await api.call("PATCH", `/user-api-keys/${key.id}`, { body: { revoked: true } });
      for (let i = 0; i < 4; i++) expectKnown(await check(key), 401, "API_KEY_REVOKED");
      expect((await daysOf(key.id, 1))[0]).toEqual({ date: "2030-01-01", ...zeros, ok: 1, revoked: 4 });
    });

    it("counts an expired key's refusals as expired", async () => {
      const key = await api.create("user", alice.id, { expires_at_millis: START + HOUR });
      await check(key);
      api.clock.now = START + 2 * HOUR;
      expectKnown(await check(key), 401, "API_KEY_EXPIRED");
      expectKnown(await check(key), 401, "API_KEY_EXPIRED");
      expect((await daysOf(key.id, 1))[0]).toEqual({ date: "2030-01-01", ...zeros, ok: 1, expired: 2 });
    });

    it("counts a rate-limited check as rate_limited, and nothing for keys it cannot find", async () => {
      const limited = makeApi(store, {
        checkRateLimit: createRateLimiter({ limit: 2, windowMs: 60_000, by: "key" }),
      });
      const key = await limited.create("user", alice.id);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await check(key, limited)).status);
      expect(statuses).toEqual([200, 200, 429, 429, 429]);
      // A well-formed key nobody issued, refused and rate limited in turn, and a key of the other type.
      const stranger = { value: key.value.slice(0, -10) + "0000000000", type: "user" as const };
      for (let i = 0; i < 3; i++) await check(stranger, limited);
      const team = await limited.create("team", acme);
      for (let i = 0; i < 3; i++) await check({ ...team, type: "user" }, limited);
      expect((await daysOf(key.id, 1, limited))[0]).toEqual({
        date: "2030-01-01",
        ...zeros,
        ok: 2,
        rate_limited: 3,
      });
      const teamUsage = await limited.call("GET", `/team-api-keys/usage?team_id=${acme}&days=1`);
      expect(teamUsage.json.items).toEqual([{ id: team.id, days: [{ date: "2030-01-01", ...zeros }] }]);
    });
  });

  describe("given a flush whose answer is lost after the store added it", () => {
    it("adds it once, though the instance retries it", async () => {
      let lose = 1;
      const losing: ApiKeyStore = {
        ...store,
        async addUsage(projectId, rows, writer) {
          await store.addUsage!(projectId, rows, writer);
          if (lose-- > 0) throw new Error("connection terminated after the commit");
        },
      };
      const errors: unknown[] = [];
      const lossy = makeApi(losing, { onError: (error) => errors.push(error) });
      const key = await lossy.create("user", alice.id);
      for (let i = 0; i < 3; i++) await check(key, lossy);
      await flushApiKeyUsage(lossy.handler);
      expect(errors).toHaveLength(1);
      await check(key, lossy);
      await flushApiKeyUsage(lossy.handler);
      await flushApiKeyUsage(lossy.handler);
      expect((await daysOf(key.id, 1, lossy))[0].ok).toBe(4);
      // Another instance's first flush is not taken for a retry.
      const other = makeApi(store, { projectId: lossy.projectId });
      await check(key, other);
      await flushApiKeyUsage(other.handler);
      expect((await daysOf(key.id, 1, lossy))[0].ok).toBe(5);
    });
  });

  describe("retention", () => {
    it("deletes days older than usageRetentionDays when it flushes", async () => {
      const short = makeApi(store, { usageRetentionDays: 3 });
      const key = await short.create("user", alice.id);
      await check(key, short);
      await flushApiKeyUsage(short.handler);
      const stored = () => store.readUsage!(short.projectId, [key.id], 0, dayOf(START) + 100);
      expect((await stored()).map((row) => row.day)).toEqual([dayOf(START)]);

      // Two days on, the first day is still within three days kept.
      short.clock.now = START + 2 * DAY;
      await check(key, short);
      await flushApiKeyUsage(short.handler);
      expect((await stored()).map((row) => row.day).sort()).toEqual([dayOf(START), dayOf(START) + 2]);

      short.clock.now = START + 3 * DAY;
      await check(key, short);
      await flushApiKeyUsage(short.handler);
      expect((await stored()).map((row) => row.day).sort()).toEqual([dayOf(START) + 2, dayOf(START) + 3]);
    });

    it("forgets an instance's batch numbers once it has been idle longer than usage is kept", async () => {
      const key = await api.create("user", alice.id);
      const today = dayOf(START);
      const later = today + 10;
      const one = (day: number) => [{ keyId: key.id, day, counts: [1, 0, 0, 0, 0] as UsageCounts }];
      const writer = { id: "instance-a", seq: 5, day: today };
      const read = async () =>
        (await store.readUsage!(api.projectId, [key.id], today, later)).map((row) => [
          row.day,
          row.counts[0],
        ]);
      await store.addUsage!(api.projectId, one(today), writer);
      await store.addUsage!(api.projectId, one(today), { ...writer, seq: 1 }); // an older number: skipped
      expect(await read()).toEqual([[today, 1]]);
      // Pruning before later - 3 drops today's counts and the writer last seen today.
      await store.pruneUsage!(api.projectId, later - 3);
      await store.addUsage!(api.projectId, one(later), { ...writer, seq: 1, day: later });
      expect(await read()).toEqual([[later, 1]]);
    });
  });

  describe("the usage endpoint", () => {
    it("answers 30 days by default, today last, and one day for days=1", async () => {
      await api.create("user", alice.id);
      const thirty = (await usage(`user_id=${alice.id}`)).json.items[0].days;
      expect(thirty).toHaveLength(30);
      expect(thirty[0].date).toBe("2029-12-03");
      expect(thirty[29].date).toBe("2030-01-01");
      expect((await usage(`user_id=${alice.id}&days=90`)).json.items[0].days).toHaveLength(90);
      expect((await usage(`user_id=${alice.id}&days=1`)).json.items[0].days).toHaveLength(1);
    });

    it.each(["0", "91", "-1", "1.5", "abc", "", "1e1", " 3"])("refuses days=%j with a 400", async (days) => {
      expectSchemaError(await usage(`user_id=${alice.id}&days=${encodeURIComponent(days)}`));
    });

    it("refuses days given twice and unknown query fields", async () => {
      expectSchemaError(await usage(`user_id=${alice.id}&days=3&days=4`));
      expectSchemaError(await usage(`user_id=${alice.id}&limit=3`));
    });

    it("follows list's permissions", async () => {
      const own = await api.create("user", alice.id);
      await api.create("user", bob.id);
      // A client reads its own keys, with or without user_id=me.
      for (const query of ["", "user_id=me&", `user_id=${alice.id}&`]) {
        const answer = await usage(`${query}days=1`, "alice");
        expect(answer.status, answer.text).toBe(200);
        expect(answer.json.items.map((item: { id: string }) => item.id)).toEqual([own.id]);
      }
      expectPlain(
        await usage(`user_id=${bob.id}`, "alice"),
        403,
        "Client can only manage their own api keys",
      );
      expectKnown(await usage(`user_id=${alice.id}`, "anonymous"), 401, "USER_AUTHENTICATION_REQUIRED");
      expectSchemaError(await usage("days=1"));

      await api.create("team", globex);
      const team = (as: Who, teamId: string) =>
        api.call("GET", `/team-api-keys/usage?team_id=${teamId}&days=1`, { as });
      // Without $manage_api_keys the team looks empty-handed (404), as on list.
      expectKnown(await team("bob", acme), 404, "API_KEY_NOT_FOUND");
      expectKnown(await team("alice", globex), 404, "API_KEY_NOT_FOUND");
      expect((await team("carol", globex)).json.items).toHaveLength(1);
      expect((await team("server", globex)).json.items).toHaveLength(1);
      expectSchemaError(await api.call("GET", "/team-api-keys/usage", { as: "alice" }));
    });

    it("answers 405 for other methods", async () => {
      const answer = await api.call("POST", "/user-api-keys/usage", { body: {} });
      expect(answer.status).toBe(405);
    });
  });

  describe("given a handler with usage: false", () => {
    it("announces no usage, answers its route as unknown, and counts nothing", async () => {
      const off = makeApi(store, { usage: false });
      const key = await off.create("user", alice.id);
      await check(key, off);
      expect((await off.call("GET", `/user-api-keys?user_id=${alice.id}`)).json.extensions).toEqual(["roll"]);
      expectKnown(await usage(`user_id=${alice.id}`, "server", off), 404, "ROUTE_NOT_FOUND");
      await flushApiKeyUsage(off.handler);
      expect(await store.readUsage!(off.projectId, [key.id], 0, dayOf(START) + 1)).toEqual([]);
    });
  });
});
