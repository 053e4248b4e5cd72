import { beforeEach, describe, expect, it } from "vitest";
import { ApiKeysError } from "../../../src/client/index.js";
import { createHarness, PROJECT, type Harness } from "../../support/harness.js";
import { createApiKeysClient } from "../../../src/client/index.js";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function rejection(promise: Promise<unknown>): Promise<ApiKeysError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiKeysError);
  return error as ApiKeysError;
}

describe("rolling through the client, against the reference handler", () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });

  describe("given a working key", () => {
    it("key.roll() answers the new key once and the old one linked, as models", async () => {
      const alice = h.clientFor("alice");
      const old = await alice.me.createApiKey({ description: "CI", expiresAt: null, isPublic: true });
      const { apiKey, previous } = await old.roll({
        expiresAt: new Date(h.clock.now + 90 * DAY),
        overlap: HOUR,
      });

      expect(apiKey.value).toMatch(/^rak_pk_[0-9A-Za-z]{39}$/);
      expect(apiKey).toMatchObject({
        description: "CI",
        isPublic: true,
        userId: "alice",
        rolledFromId: old.id,
      });
      expect(apiKey.expiresAt?.getTime()).toBe(h.clock.now + 90 * DAY);
      expect(apiKey.rolledToId).toBeUndefined();
      expect(previous).toMatchObject({
        id: old.id,
        rolledToId: apiKey.id,
        value: { lastFour: old.value.slice(-4) },
      });
      expect(previous.rolledFromId).toBeUndefined();
      expect(previous.expiresAt?.getTime()).toBe(h.clock.now + HOUR);
      expect(previous.isValid(new Date(h.clock.now + HOUR - 1))).toBe(true);
      expect(previous.whyInvalid(new Date(h.clock.now + HOUR))).toBe("expired");

      expect(previous.toJSON()).toMatchObject({ rolled_to_id: apiKey.id });
      expect(JSON.stringify(previous)).not.toContain(apiKey.value);
      const again = alice.apiKeyFromJSON(JSON.parse(JSON.stringify(previous)));
      expect(again.rolledToId).toBe(apiKey.id);
    });

    it("scope.rollApiKey() rolls by id, and with an overlap of 0 the old key reads revoked", async () => {
      const team = h.clientFor("alice").team("acme");
      const old = await team.createApiKey({ description: "deploys", expiresAt: null });
      const { apiKey, previous } = await team.rollApiKey(old.id, { expiresAt: null, overlap: 0 });
      expect(apiKey).toMatchObject({ type: "team", teamId: "acme", rolledFromId: old.id });
      expect(previous.whyInvalid()).toBe("manually-revoked");
      expect(await h.serverClient().checkTeamApiKey(old.value)).toBeNull();
      expect((await h.serverClient().checkTeamApiKey(apiKey.value))?.id).toBe(apiKey.id);

      const listed = await team.listApiKeys();
      expect(listed.map((key) => [key.id, key.rolledFromId, key.rolledToId])).toEqual([
        [apiKey.id, old.id, undefined],
        [old.id, undefined, apiKey.id],
      ]);
    });
  });

  describe("given a key that cannot be rolled", () => {
    it("rejects with API_KEY_NOT_ROLLABLE and its reason", async () => {
      const alice = h.clientFor("alice");
      const old = await alice.me.createApiKey({ description: "k", expiresAt: null });
      await old.roll({ expiresAt: null, overlap: DAY });
      const error = await rejection(old.roll({ expiresAt: null, overlap: DAY }));
      expect(error).toMatchObject({
        code: "API_KEY_NOT_ROLLABLE",
        status: 409,
        details: { reason: "rolled" },
      });
      expect(await alice.me.listApiKeys()).toHaveLength(2);
    });

    it("rejects another user's key with the server's 403", async () => {
      const bobs = await h.clientFor("bob").me.createApiKey({ description: "k", expiresAt: null });
      const error = await rejection(
        h.clientFor("alice").me.rollApiKey(bobs.id, { expiresAt: null, overlap: 0 }),
      );
      expect(error.status).toBe(403);
    });
  });

  describe("listing", () => {
    it("answers a plain array that also carries the server's extensions", async () => {
      const alice = h.clientFor("alice");
      await alice.me.createApiKey({ description: "k", expiresAt: null });
      const list = await alice.me.listApiKeys();
      expect(Array.isArray(list)).toBe(true);
      expect(list.extensions).toEqual(["roll", "usage"]);
      expect(Object.keys(list)).toEqual(["0"]);
      expect(JSON.parse(JSON.stringify(list))).toEqual([list[0]!.toJSON()]);
    });

    it("answers no extensions from a server that announces none, as Stack Auth", async () => {
      const off = createHarness({ roll: false, usage: false });
      const list = await off.clientFor("alice").me.listApiKeys();
      expect(list.extensions).toEqual([]);
      const error = await rejection(
        off.clientFor("alice").me.rollApiKey("any", { expiresAt: null, overlap: 0 }),
      );
      expect(error).toMatchObject({ code: "ROUTE_NOT_FOUND", status: 404 });
    });

    // The reference server never sends these shapes; only a hand-made answer can.
    it.each([
      [{ items: [], is_paginated: false, extensions: "roll" }, "answer.extensions"],
      [{ items: [], is_paginated: false, extensions: [1] }, "answer.extensions"],
    ])("refuses %j as INVALID_RESPONSE", async (body, path) => {
      const client = createApiKeysClient({
        ...PROJECT,
        baseUrl: "http://api.test",
        getAccessToken: () => "token-alice",
        fetch: async () => Response.json(body),
      });
      const error = await rejection(client.me.listApiKeys());
      expect(error).toMatchObject({ code: "INVALID_RESPONSE", details: { path } });
    });
  });

  describe("given answers that do not fit the contract", () => {
    const read = {
      id: "k",
      description: "d",
      created_at_millis: 1,
      is_public: false,
      value: { last_four: "abcd" },
      type: "user",
      user_id: "alice",
    };
    const clientAnswering = (body: unknown) =>
      createApiKeysClient({
        ...PROJECT,
        baseUrl: "http://api.test",
        getAccessToken: () => "token-alice",
        fetch: async () => Response.json(body),
      });

    it("refuses a link that is not a string", async () => {
      const client = clientAnswering({ items: [{ ...read, rolled_to_id: 5 }], is_paginated: false });
      expect(await rejection(client.me.listApiKeys())).toMatchObject({
        code: "INVALID_RESPONSE",
        details: { path: "answer.items[0].rolled_to_id" },
      });
    });

    it("refuses a roll answer whose new key has no whole value", async () => {
      const client = clientAnswering({ api_key: read, previous: read });
      expect(await rejection(client.me.rollApiKey("k", { expiresAt: null, overlap: 0 }))).toMatchObject({
        code: "INVALID_RESPONSE",
        details: { path: "answer.api_key.value" },
      });
    });
  });
});
