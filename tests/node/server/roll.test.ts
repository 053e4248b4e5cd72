import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiKeyFirstViewWire, ApiKeyType } from "../../../src/client/wire.js";
import { API_KEY_PATTERN } from "../../../src/server/key-format.js";
import { MAX_ROLL_OVERLAP_MILLIS } from "../../../src/server/roll.js";
import { sampleTeams, sampleUsers } from "../../../src/server/sample.js";
import type { ApiKeyStore } from "../../../src/server/store.js";
import { storeFactories } from "../../support/stores.js";
import { DAY, START, expectKnown, expectPlain, expectSchemaError, makeApi, type Who } from "./api.js";

const { alice, bob } = sampleUsers;
const { acme } = sampleTeams;
const HOUR = 60 * 60 * 1000;

describe.each(storeFactories)("roll on the $name store", (factory) => {
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

  const roll = (
    key: { id: string; type: ApiKeyType },
    body: unknown = { expires_at_millis: null, overlap_millis: DAY },
    as: Who = "server",
    query = "",
  ) => api.call("POST", `/${key.type}-api-keys/${key.id}/roll${query}`, { as, body });
  const check = (key: { value: string; type: ApiKeyType }) =>
    api.call("POST", `/${key.type}-api-keys/check`, { body: { api_key: key.value } });
  const list = async (type: ApiKeyType, owner: string) =>
    (await api.call("GET", `/${type}-api-keys?${type}_id=${owner}`)).json;

  describe("given a working key", () => {
    it("answers a new key, shown once, that copies the old one and links both ways", async () => {
      const old = await api.create("user", alice.id, { description: "CI", is_public: true });
      const answer = await roll(old, { expires_at_millis: START + 90 * DAY, overlap_millis: DAY });
      expect(answer.status, answer.text).toBe(200);
      const { api_key: next, previous } = answer.json;
      expect(next).toEqual({
        id: expect.any(String),
        description: "CI",
        created_at_millis: START,
        expires_at_millis: START + 90 * DAY,
        is_public: true,
        value: expect.stringMatching(API_KEY_PATTERN),
        type: "user",
        user_id: alice.id,
        rolled_from_id: old.id,
      });
      expect(next.value).toMatch(/^rak_pk_/);
      expect(next.id).not.toBe(old.id);
      expect(previous).toEqual({
        id: old.id,
        description: "CI",
        created_at_millis: START,
        expires_at_millis: START + DAY,
        is_public: true,
        value: { last_four: old.value.slice(-4) },
        type: "user",
        user_id: alice.id,
        rolled_to_id: next.id,
      });
      // The whole keys appear nowhere but in the new key's `value`.
      expect(JSON.stringify(previous)).not.toContain(old.value);
      expect(JSON.stringify(previous)).not.toContain(next.value);
      expect(answer.text.split(next.value)).toHaveLength(2);

      const listed = await list("user", alice.id);
      expect(listed.extensions).toEqual(["roll", "usage"]);
      expect(listed.items.map((item: { id: string }) => item.id)).toEqual([next.id, old.id]);
      expect(listed.items[0]).toEqual({ ...next, value: { last_four: next.value.slice(-4) } });
      expect(listed.items[1]).toEqual(previous);
      expect(JSON.stringify(listed)).not.toContain(next.value);
    });

    it("keeps both keys working through the overlap, and the old one stops when it ends", async () => {
      const old = await api.create("user", alice.id);
      const next = (await roll(old, { expires_at_millis: null, overlap_millis: HOUR })).json.api_key;
      expect((await check(old)).status).toBe(200);
      expect((await check(next)).status).toBe(200);

      api.clock.now = START + HOUR - 1;
      expect((await check(old)).status).toBe(200);
      api.clock.now = START + HOUR;
      expectKnown(await check(old), 401, "API_KEY_EXPIRED");
      expect((await check(next)).status).toBe(200);
    });

    it("keeps an old key's own expiry when it comes before the overlap's end", async () => {
      const old = await api.create("team", acme, { expires_at_millis: START + HOUR });
      const answer = await roll(old, { expires_at_millis: null, overlap_millis: 7 * DAY });
      expect(answer.json.previous.expires_at_millis).toBe(START + HOUR);
      expect(answer.json.api_key).toMatchObject({ team_id: acme, type: "team", rolled_from_id: old.id });
      expect("expires_at_millis" in answer.json.api_key).toBe(false);
    });

    it("revokes the old key now with an overlap of 0", async () => {
      const old = await api.create("user", alice.id);
      const answer = await roll(old, { expires_at_millis: null, overlap_millis: 0 });
      expect(answer.json.previous).toMatchObject({
        manually_revoked_at_millis: START,
        expires_at_millis: START,
        rolled_to_id: answer.json.api_key.id,
      });
      expectKnown(await check(old), 401, "API_KEY_REVOKED");
      expect((await check(answer.json.api_key)).status).toBe(200);
    });

    it("accepts an overlap of 30 days", async () => {
      const old = await api.create("user", alice.id);
      const answer = await roll(old, { expires_at_millis: null, overlap_millis: MAX_ROLL_OVERLAP_MILLIS });
      expect(answer.json.previous.expires_at_millis).toBe(START + 30 * DAY);
    });
  });

  describe("given a key that cannot be rolled", () => {
    async function expectRefused(key: ApiKeyFirstViewWire, reason: string) {
      const before = await list(key.type, key.user_id ?? key.team_id!);
      expectKnown(await roll(key), 409, "API_KEY_NOT_ROLLABLE", { reason });
      expect(await list(key.type, key.user_id ?? key.team_id!)).toEqual(before);
    }

    it("refuses a revoked key and creates nothing", async () => {
      const key = await api.create("user", alice.id);
      await api.call("PATCH", `/user-api-keys/${key.id}`, { body: { revoked: true } });
      await expectRefused(key, "revoked");
    });

    it("refuses an expired key and creates nothing", async () => {
      const key = await api.create("user", alice.id, { expires_at_millis: START + HOUR });
      api.clock.now = START + HOUR;
      await expectRefused(key, "expired");
    });

    it("refuses a key rolled before, even within its overlap, and creates nothing", async () => {
      const key = await api.create("user", alice.id);
      expect((await roll(key)).status).toBe(200);
      await expectRefused(key, "rolled");
    });
  });

  describe("when 20 rolls of one key arrive at once", () => {
    it("lets exactly one succeed and creates exactly one key", async () => {
      const key = await api.create("user", bob.id);
      const answers = await Promise.all(Array.from({ length: 20 }, () => roll(key)));
      const won = answers.filter((answer) => answer.status === 200);
      expect(won).toHaveLength(1);
      for (const answer of answers.filter((answer) => answer.status !== 200)) {
        expectKnown(answer, 409, "API_KEY_NOT_ROLLABLE", { reason: "rolled" });
      }
      const { items } = await list("user", bob.id);
      expect(items.map((item: { id: string }) => item.id)).toEqual([won[0]!.json.api_key.id, key.id]);
      expect(items[1].rolled_to_id).toBe(won[0]!.json.api_key.id);
    });
  });

  describe("permissions, as for PATCH", () => {
    it("lets a client roll its own key", async () => {
      const key = await api.create("user", alice.id);
      expect((await roll(key, undefined, "alice")).status).toBe(200);
    });

    it("answers Stack's plain 403 for another user's key, and changes nothing", async () => {
      const key = await api.create("user", bob.id);
      expectPlain(await roll(key, undefined, "alice"), 403, "Client can only manage their own api keys");
      // The owner in the query is not trusted either.
      expectPlain(
        await roll(key, undefined, "alice", `?user_id=${alice.id}`),
        403,
        "Client can only manage their own api keys",
      );
      expect((await list("user", bob.id)).items).toHaveLength(1);
    });

    it("answers 404 for a team key without the permission, and lets a manager roll it", async () => {
      const key = await api.create("team", acme);
      expectKnown(await roll(key, undefined, "bob"), 404, "API_KEY_NOT_FOUND");
      expectKnown(await roll(key, undefined, "alice"), 404, "API_KEY_NOT_FOUND");
      expect((await list("team", acme)).items).toHaveLength(1);
      expect((await roll(key, undefined, "carol")).status).toBe(200);
    });

    it("answers 404 for an unknown id, or a key of the other type", async () => {
      const key = await api.create("user", alice.id);
      expectKnown(await roll({ id: "nope", type: "user" }), 404, "API_KEY_NOT_FOUND");
      expectKnown(await roll({ id: key.id, type: "team" }), 404, "API_KEY_NOT_FOUND");
    });

    it("asks for a signed-in user", async () => {
      const key = await api.create("user", alice.id);
      expectKnown(await roll(key, undefined, "anonymous"), 401, "USER_AUTHENTICATION_REQUIRED");
    });

    it("answers 400 when the project has the key type switched off", async () => {
      const key = await api.create("user", alice.id);
      const off = makeApi(store, { userApiKeys: false });
      const answer = await off.call("POST", `/user-api-keys/${key.id}/roll`, {
        body: { expires_at_millis: null, overlap_millis: 0 },
      });
      expectPlain(answer, 400, "User API keys are not enabled for this project.");
    });
  });

  describe("bad input", () => {
    it.each([
      [{ expires_at_millis: null }, "body.overlap_millis must be defined"],
      [{ overlap_millis: 0 }, "body.expires_at_millis must be defined"],
      [{ expires_at_millis: null, overlap_millis: -1 }, "between 0 and"],
      [{ expires_at_millis: null, overlap_millis: MAX_ROLL_OVERLAP_MILLIS + 1 }, "between 0 and"],
      [{ expires_at_millis: null, overlap_millis: 1.5 }, "must be an integer"],
      [{ expires_at_millis: null, overlap_millis: "0" }, "must be an integer"],
      [{ expires_at_millis: START, overlap_millis: 0 }, "body.expires_at_millis must be in the future"],
      [{ expires_at_millis: null, overlap_millis: 0, description: "x" }, "unknown properties: description"],
    ])("refuses %j with a SCHEMA_ERROR and changes nothing", async (body, message) => {
      const key = await api.create("user", alice.id);
      expectSchemaError(await roll(key, body), message);
      expect((await list("user", alice.id)).items).toEqual([
        expect.not.objectContaining({ rolled_to_id: expect.anything() }),
      ]);
    });

    it("answers 405 for another method", async () => {
      const key = await api.create("user", alice.id);
      expectKnown(await api.call("GET", `/user-api-keys/${key.id}/roll`), 405, "METHOD_NOT_ALLOWED");
    });
  });

  describe("given a handler with roll: false", () => {
    it("answers the roll route as an unknown route and announces no extension", async () => {
      const off = makeApi(store, { roll: false, usage: false });
      const key = await off.create("user", alice.id);
      const answer = await off.call("POST", `/user-api-keys/${key.id}/roll`, {
        body: { expires_at_millis: null, overlap_millis: 0 },
      });
      expectKnown(answer, 404, "ROUTE_NOT_FOUND");
      expect(answer.json.error).toBe(`No route matches POST /api/v1/user-api-keys/${key.id}/roll.`);
      expect((await off.call("GET", `/user-api-keys?user_id=${alice.id}`)).json).toEqual({
        items: [expect.objectContaining({ id: key.id })],
        is_paginated: false,
      });
    });
  });
});
