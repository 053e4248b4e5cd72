import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiKeyType } from "../../../src/client/wire.js";
import { leakRevokedEvent, sweepApiKeyEvents, type ApiKeyEvent } from "../../../src/server/events.js";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { hashApiKey } from "../../../src/server/key-format.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { sampleHandlerOptions, sampleTeams, sampleUsers } from "../../../src/server/sample.js";
import type { ApiKeyStore } from "../../../src/server/store.js";
import { storeFactories } from "../../support/stores.js";
import { DAY, START, makeApi, type Who } from "./api.js";

const { alice, carol } = sampleUsers;
const { acme } = sampleTeams;
const HOUR = 60 * 60 * 1000;
const SCOPES = [
  { id: "notes:read", label: "Read notes" },
  { id: "notes:write", label: "Write notes" },
];

/** Lets listeners run: they are called from a timer of 0 set before this one, and timers of 0 run in order. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("onKeyEvent: creating a handler", () => {
  it("refuses a listener that is not a function", () => {
    const options = sampleHandlerOptions(memoryStore(), { onKeyEvent: "log" as never });
    expect(() => createApiKeysHandler(options)).toThrow(/onKeyEvent must be a function/);
  });

  it("refuses to sweep a function it did not make, and a negative window", async () => {
    await expect(sweepApiKeyEvents(async () => new Response())).rejects.toThrow(/createApiKeysHandler/);
    const handler = createApiKeysHandler(sampleHandlerOptions(memoryStore()));
    await expect(sweepApiKeyEvents(handler, { expiringWithinMillis: -1 })).rejects.toThrow(RangeError);
  });
});

describe("leakRevokedEvent", () => {
  it("names the key, its owner, the system as actor and where it was found, and nothing secret", () => {
    const key = {
      id: "k",
      projectId: "p",
      type: "team" as const,
      ownerId: "team-x",
      description: "deploys",
      isPublic: false,
      hash: "f".repeat(64),
      lastFour: "wxyz",
      createdAtMillis: 1,
      expiresAtMillis: null,
      revokedAtMillis: 5,
      lastUsedAtMillis: null,
    };
    expect(leakRevokedEvent(key, 5, "https://github.com/o/r/blob/main/.env")).toEqual({
      type: "revoked",
      keyId: "k",
      projectId: "p",
      owner: { type: "team", teamId: "team-x" },
      actor: { type: "system" },
      atMillis: 5,
      description: "deploys",
      lastFour: "wxyz",
      why: "leak",
      url: "https://github.com/o/r/blob/main/.env",
    });
  });
});

describe.each(storeFactories)("key events on the $name store", (factory) => {
  let store: ApiKeyStore;
  let cleanup: () => Promise<void>;
  let api: ReturnType<typeof makeApi>;
  let events: ApiKeyEvent[];
  let errors: unknown[];
  beforeAll(async () => {
    ({ store, cleanup } = await factory.create());
  }, 120_000);
  afterAll(() => cleanup());
  beforeEach(() => {
    events = [];
    errors = [];
    api = makeApi(store, {
      scopes: SCOPES,
      onKeyEvent: (event) => void events.push(event),
      onError: (error) => void errors.push(error),
    });
  });

  const patch = (key: { id: string; type: ApiKeyType }, body: unknown, as: Who = "server") =>
    api.call("PATCH", `/${key.type}-api-keys/${key.id}`, { as, body });
  const roll = (key: { id: string; type: ApiKeyType }, overlap: number, as: Who = "server") =>
    api.call("POST", `/${key.type}-api-keys/${key.id}/roll`, {
      as,
      body: { expires_at_millis: null, overlap_millis: overlap },
    });
  const sweep = (within?: number) =>
    sweepApiKeyEvents(api.handler, within === undefined ? {} : { expiringWithinMillis: within });
  const base = (keyId: string, owner: object, actor: object) => ({
    keyId,
    projectId: api.projectId,
    owner,
    actor,
    atMillis: START,
    description: expect.any(String),
    lastFour: expect.any(String),
  });

  it("tells each change made through requests, with who made it and whose key it is", async () => {
    const mine = await api.create("user", "me", { as: "alice", description: "CLI" });
    const team = await api.create("team", acme, { as: "carol", expires_at_millis: START + 30 * DAY });
    const byServer = await api.create("user", alice.id, { scopes: ["notes:read", "notes:write"] });
    expect((await patch(mine, { description: "Laptop" }, "alice")).status).toBe(200);
    expect((await patch(mine, { description: "Laptop" }, "alice")).status).toBe(200);
    expect((await patch(byServer, { scopes: ["notes:read"] })).status).toBe(200);
    expect((await patch(byServer, { scopes: ["notes:read"] })).status).toBe(200);
    const rolled = (await roll(team, HOUR, "carol")).json;
    const rolledNow = (await roll(byServer, 0)).json;
    expect((await patch(mine, { revoked: true }, "alice")).status).toBe(200);
    expect((await patch(mine, { revoked: true }, "alice")).status).toBe(200);
    await settle();

    const aliceOwns = { type: "user", userId: alice.id };
    const acmeOwns = { type: "team", teamId: acme };
    const asAlice = { type: "user", userId: alice.id };
    const server = { type: "server", userId: null };
    expect(events).toEqual([
      {
        type: "created",
        ...base(mine.id, aliceOwns, asAlice),
        description: "CLI",
        lastFour: mine.value.slice(-4),
        expiresAtMillis: null,
        isPublic: false,
        scopes: null,
      },
      {
        type: "created",
        ...base(team.id, acmeOwns, { type: "user", userId: carol.id }),
        expiresAtMillis: START + 30 * DAY,
        isPublic: false,
        scopes: null,
      },
      {
        type: "created",
        ...base(byServer.id, aliceOwns, server),
        expiresAtMillis: null,
        isPublic: false,
        scopes: ["notes:read", "notes:write"],
      },
      // The second, identical rename and narrowing change nothing and tell nothing.
      {
        type: "renamed",
        ...base(mine.id, aliceOwns, asAlice),
        description: "Laptop",
        previousDescription: "CLI",
      },
      {
        type: "scopes-narrowed",
        ...base(byServer.id, aliceOwns, server),
        previousScopes: ["notes:read", "notes:write"],
        scopes: ["notes:read"],
      },
      {
        type: "rolled",
        ...base(team.id, acmeOwns, { type: "user", userId: carol.id }),
        newKeyId: rolled.api_key.id,
        oldKeyStopsAtMillis: START + HOUR,
      },
      {
        type: "rolled",
        ...base(byServer.id, aliceOwns, server),
        newKeyId: rolledNow.api_key.id,
        oldKeyStopsAtMillis: START,
      },
      { type: "revoked", ...base(byServer.id, aliceOwns, server), why: "overlap-end" },
      // Revoked twice, told once.
      { type: "revoked", ...base(mine.id, aliceOwns, asAlice), why: "person" },
    ]);
    expect(errors).toEqual([]);

    // The sweep tells the rest: the overlap's end, once.
    api.clock.now = START + 2 * HOUR;
    const swept = await sweep();
    expect(swept).toEqual([
      {
        type: "revoked",
        ...base(team.id, acmeOwns, { type: "system" }),
        atMillis: START + HOUR,
        why: "overlap-end",
      },
    ]);
    await sweep();
    expect(events.slice(-1)).toEqual(swept);
    expect(events).toHaveLength(10);

    // Nothing secret in any of them: no whole key, no hash, no part of a key's secret beyond its last four.
    const text = JSON.stringify(events);
    for (const value of [
      mine.value,
      team.value,
      byServer.value,
      rolled.api_key.value,
      rolledNow.api_key.value,
    ]) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(value.slice(-12));
      expect(text).not.toContain(await hashApiKey(value));
    }
  });

  it("tells nothing for refused requests", async () => {
    const key = await api.create("user", alice.id);
    await settle();
    events.length = 0;
    expect((await patch(key, { description: "x" }, "carol")).status).toBe(403);
    expect((await patch(key, { scopes: ["notes:write", "other:thing"] })).status).toBe(400);
    expect((await roll(key, -1)).status).toBe(400);
    await settle();
    expect(events).toEqual([]);
  });

  it("tells one revocation when many revoke one key at once", async () => {
    const key = await api.create("team", acme);
    await settle();
    events.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => patch(key, { revoked: true }, i % 2 ? "carol" : "server")),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    await settle();
    expect(events.map((event) => [event.type, event.keyId])).toEqual([["revoked", key.id]]);
  });

  it("tells one roll when 20 roll one key at once", async () => {
    const key = await api.create("user", alice.id);
    await settle();
    events.length = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, () => roll(key, DAY)));
    const won = answers.filter((answer) => answer.status === 200);
    expect(won).toHaveLength(1);
    await settle();
    expect(events).toEqual([
      {
        type: "rolled",
        ...base(key.id, { type: "user", userId: alice.id }, { type: "server", userId: null }),
        newKeyId: won[0]!.json.api_key.id,
        oldKeyStopsAtMillis: START + DAY,
      },
    ]);
  });

  describe("given keys expiring at different times", () => {
    it("tells expiring once per key, within the window, for working keys only", async () => {
      const soon = await api.create("user", alice.id, { expires_at_millis: START + 3 * DAY });
      const later = await api.create("team", acme, { expires_at_millis: START + 20 * DAY });
      await api.create("user", alice.id, { expires_at_millis: null });
      const revoked = await api.create("user", alice.id, { expires_at_millis: START + 2 * DAY });
      await patch(revoked, { revoked: true });
      const rolled = await api.create("user", alice.id, { expires_at_millis: START + 4 * DAY });
      await roll(rolled, 5 * DAY);
      await settle();
      events.length = 0;

      const expiring = (key: { id: string }, owner: object, at: number, expires: number) => ({
        type: "expiring",
        ...base(key.id, owner, { type: "system" }),
        atMillis: at,
        expiresAtMillis: expires,
      });
      const first = await sweep();
      // The rolled key is left out: its end is told as the overlap's end.
      expect(first).toEqual([expiring(soon, { type: "user", userId: alice.id }, START, START + 3 * DAY)]);
      expect(await sweep()).toEqual([]);

      api.clock.now = START + 4 * DAY;
      const second = await sweep();
      expect(second).toEqual([
        {
          type: "revoked",
          ...base(rolled.id, { type: "user", userId: alice.id }, { type: "system" }),
          atMillis: START + 4 * DAY,
          why: "overlap-end",
        },
      ]);
      expect(await sweep(30 * DAY)).toEqual([
        expiring(later, { type: "team", teamId: acme }, START + 4 * DAY, START + 20 * DAY),
      ]);
      // Past its expiry a key is no longer "expiring"; nothing is told twice.
      api.clock.now = START + 25 * DAY;
      expect(await sweep(365 * DAY)).toEqual([]);
      await settle();
      expect(events).toEqual([...first, ...second, expect.objectContaining({ keyId: later.id })]);
    });
  });

  describe("given a listener that throws, and one that never settles", () => {
    it("answers every request as usual and tells onError once per failure", async () => {
      const failure = new Error("listener broke");
      const calls: string[] = [];
      let release: () => void = () => {};
      const throwing = makeApi(store, {
        onKeyEvent: (event) => {
          calls.push(`throwing ${event.type}`);
          throw failure;
        },
        onError: (error) => void errors.push(error),
      });
      const rejecting = makeApi(store, {
        onKeyEvent: async () => {
          calls.push("rejecting");
          throw failure;
        },
        onError: (error) => void errors.push(error),
      });
      const hanging = makeApi(store, {
        onKeyEvent: (event) => {
          calls.push(`hanging ${event.type}`);
          return new Promise<void>((resolve) => (release = resolve));
        },
      });

      // Each answer is complete before its listener runs: the listener is called after the answer is built.
      const key = await throwing.create("user", alice.id);
      expect(calls).toEqual([]);
      await settle();
      expect(calls).toEqual(["throwing created"]);
      expect(errors).toEqual([failure]);

      await rejecting.create("user", alice.id);
      await settle();
      expect(errors).toEqual([failure, failure]);

      const hung = await hanging.create("user", alice.id);
      const revoked = await hanging.call("PATCH", `/user-api-keys/${hung.id}`, { body: { revoked: true } });
      expect(revoked.json.manually_revoked_at_millis).toBe(START);
      await settle();
      expect(calls.slice(-2)).toEqual(["hanging created", "hanging revoked"]);
      release();

      const again = await throwing.call("PATCH", `/user-api-keys/${key.id}`, { body: { description: "ok" } });
      expect(again.status).toBe(200);
      await settle();
      expect(errors).toEqual([failure, failure, failure]);

      // A sweep waits for its listeners, and still answers every event when they fail.
      const expiring = await throwing.create("user", alice.id, { expires_at_millis: START + DAY });
      await settle();
      const swept = await sweepApiKeyEvents(throwing.handler);
      expect(swept.map((event) => [event.type, event.keyId])).toEqual([["expiring", expiring.id]]);
      expect(errors).toEqual([failure, failure, failure, failure, failure]);
    });
  });
});
