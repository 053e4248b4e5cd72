import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiKeysError, createApiKeysServerClient } from "../../../src/client/index.js";
import { PROJECT, createHarness, type Harness } from "../../support/harness.js";

const DAY = 24 * 60 * 60 * 1000;

async function rejection(promise: Promise<unknown>): Promise<ApiKeysError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiKeysError);
  return error as ApiKeysError;
}

describe("the client against the reference handler", () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });

  describe("given a signed-in user", () => {
    it("creates a key whose whole value comes back once and only its last four afterwards", async () => {
      const alice = h.clientFor("alice");
      const created = await alice.me.createApiKey({
        description: "CI deploys",
        expiresAt: new Date(h.clock.now + 30 * DAY),
        isPublic: false,
      });
      expect(created.value).toMatch(/^rak_sk_[0-9A-Za-z]{39}$/);
      expect(created).toMatchObject({
        description: "CI deploys",
        type: "user",
        userId: "alice",
        isPublic: false,
      });
      expect(created.expiresAt?.getTime()).toBe(h.clock.now + 30 * DAY);
      expect(created.manuallyRevokedAt).toBeNull();

      const [listed] = await alice.me.listApiKeys();
      expect(listed!.id).toBe(created.id);
      expect(listed!.value).toEqual({ lastFour: created.value.slice(-4) });
      expect(JSON.stringify(listed)).not.toContain(created.value);

      const fetched = await alice.me.getApiKey(created.id);
      expect(fetched.createdAt).toEqual(created.createdAt);
    });

    it("lists newest first and marks public keys", async () => {
      const alice = h.clientFor("alice");
      await alice.me.createApiKey({ description: "first", expiresAt: null });
      h.clock.now += 1000;
      const second = await alice.me.createApiKey({ description: "second", expiresAt: null, isPublic: true });
      expect(second.value.startsWith("rak_pk_")).toBe(true);
      const keys = await alice.me.listApiKeys();
      expect(keys.map((k) => k.description)).toEqual(["second", "first"]);
      expect(keys[0]!.isPublic).toBe(true);
      expect(keys[1]!.expiresAt).toBeUndefined();
    });

    it("revokes through the model, keeping the first timestamp when revoked twice", async () => {
      const alice = h.clientFor("alice");
      const created = await alice.me.createApiKey({ description: "to revoke", expiresAt: null });
      const revoked = await created.revoke();
      expect(revoked.manuallyRevokedAt?.getTime()).toBe(h.clock.now);
      expect(revoked.isValid()).toBe(false);
      expect(revoked.whyInvalid()).toBe("manually-revoked");
      const first = revoked.manuallyRevokedAt!.getTime();
      h.clock.now += 5000;
      const again = await revoked.revoke();
      expect(again.manuallyRevokedAt?.getTime()).toBe(first);
    });

    it("updates the description", async () => {
      const alice = h.clientFor("alice");
      const created = await alice.me.createApiKey({ description: "old", expiresAt: null });
      const updated = await created.update({ description: "new" });
      expect(updated.description).toBe("new");
      expect((await alice.me.getApiKey(created.id)).description).toBe("new");
    });

    it("tells why a key is invalid, revocation before expiry", async () => {
      const alice = h.clientFor("alice");
      const key = await alice.me.createApiKey({
        description: "short",
        expiresAt: new Date(h.clock.now + 1000),
      });
      const later = new Date(h.clock.now + 2000);
      expect(key.isValid(new Date(h.clock.now))).toBe(true);
      expect(key.whyInvalid(later)).toBe("expired");
      const revoked = await key.revoke();
      expect(revoked.whyInvalid(later)).toBe("manually-revoked");
    });

    it("keeps the model's methods out of its enumerable data", async () => {
      const key = await h.clientFor("alice").me.createApiKey({ description: "d", expiresAt: null });
      expect(Object.keys(key)).not.toContain("revoke");
      expect(key.toJSON()).toMatchObject({ id: key.id, value: key.value, type: "user", user_id: "alice" });
    });

    it("answers another user's key with a typed 403 carrying the server's message", async () => {
      await h.clientFor("alice").me.createApiKey({ description: "mine", expiresAt: null });
      const [key] = await h.clientFor("alice").me.listApiKeys();
      const bob = h.clientFor("bob");
      const error = await rejection(bob.apiKeyFromJSON(key!.toJSON()).revoke());
      expect(error.status).toBe(403);
      expect(error.message.length).toBeGreaterThan(5);
      expect((await h.clientFor("alice").me.getApiKey(key!.id)).manuallyRevokedAt).toBeNull();
    });

    it("surfaces the server's schema error for a description over the limit", async () => {
      const error = await rejection(
        h.clientFor("alice").me.createApiKey({ description: "x".repeat(101), expiresAt: null }),
      );
      expect(error).toMatchObject({ code: "SCHEMA_ERROR", status: 400 });
      expect(error.message).toMatch(/description/i);
    });
  });

  describe("given the access token", () => {
    it("asks for the token on every request, so a refreshed one is used", async () => {
      let current: string | null = "alice";
      const client = h.clientFor(() => current);
      await client.me.createApiKey({ description: "a", expiresAt: null });
      current = "carol";
      expect(await client.me.listApiKeys()).toEqual([]);
    });

    it("turns a missing or expired session into USER_AUTHENTICATION_REQUIRED", async () => {
      const signedOut = h.clientFor(() => null);
      expect(await rejection(signedOut.me.listApiKeys())).toMatchObject({
        code: "USER_AUTHENTICATION_REQUIRED",
        status: 401,
      });
    });
  });

  describe("given team keys", () => {
    it("lets a member with $manage_api_keys create and list them", async () => {
      const team = h.clientFor("alice").team("acme");
      const key = await team.createApiKey({ description: "team bot", expiresAt: null });
      expect(key).toMatchObject({ type: "team", teamId: "acme" });
      expect((await team.listApiKeys()).map((k) => k.id)).toEqual([key.id]);
    });

    it("answers API_KEY_NOT_FOUND to a member without the permission", async () => {
      await h.clientFor("alice").team("acme").createApiKey({ description: "team bot", expiresAt: null });
      const error = await rejection(h.clientFor("bob").team("acme").listApiKeys());
      expect(error).toMatchObject({ code: "API_KEY_NOT_FOUND", status: 404 });
    });
  });

  describe("given a switched-off feature", () => {
    it("turns Stack's plain-text 400 into an HTTP_ERROR with the message", async () => {
      const off = createHarness({ userApiKeys: false });
      const error = await rejection(off.clientFor("alice").me.listApiKeys());
      expect(error).toMatchObject({ code: "HTTP_ERROR", status: 400 });
      expect(error.message).toMatch(/not enabled/i);
    });
  });

  describe("when the caller asks for errors as 200", () => {
    it("still reports the real status and code", async () => {
      const client = h.clientFor(() => null, {
        fetch: (input, init) => {
          const headers = new Headers(init?.headers);
          headers.set("x-stack-override-error-status", "true");
          return h.fetch(input, { ...init, headers });
        },
      });
      expect(await rejection(client.me.listApiKeys())).toMatchObject({
        code: "USER_AUTHENTICATION_REQUIRED",
        status: 401,
      });
    });
  });
});

describe("the server client", () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });

  it("acts for any user and team", async () => {
    const server = h.serverClient();
    const userKey = await server.user("bob").createApiKey({ description: "provisioned", expiresAt: null });
    const teamKey = await server.team("globex").createApiKey({ description: "team", expiresAt: null });
    expect(userKey.userId).toBe("bob");
    expect(teamKey.teamId).toBe("globex");
    expect((await h.clientFor("bob").me.listApiKeys()).map((k) => k.id)).toEqual([userKey.id]);
  });

  it("checks a key and answers its owner, recording when it was used", async () => {
    const created = await h.clientFor("alice").me.createApiKey({ description: "cli", expiresAt: null });
    h.clock.now += 60_000;
    const checked = await h.serverClient().checkUserApiKey(created.value);
    expect(checked).toMatchObject({ id: created.id, userId: "alice" });
    expect(checked!.lastUsedAt?.getTime()).toBe(h.clock.now);
    expect(checked!.value).toEqual({ lastFour: created.value.slice(-4) });
    const listed = await h.clientFor("alice").me.getApiKey(created.id);
    expect(listed.lastUsedAt?.getTime()).toBe(h.clock.now);
  });

  it("answers null for a key that does not work, with the reason available", async () => {
    const server = h.serverClient();
    const revoked = await h.clientFor("alice").me.createApiKey({ description: "r", expiresAt: null });
    await revoked.revoke();
    const expiring = await h.clientFor("alice").me.createApiKey({
      description: "e",
      expiresAt: new Date(h.clock.now + 1000),
    });
    const team = await h.clientFor("alice").team("acme").createApiKey({ description: "t", expiresAt: null });
    h.clock.now += 2000;

    expect(await server.checkUserApiKey(revoked.value)).toBeNull();
    const reasons = await Promise.all([
      server.verifyUserApiKey(revoked.value),
      server.verifyUserApiKey(expiring.value),
      server.verifyUserApiKey(team.value),
      server.verifyUserApiKey("rak_sk_not-a-key"),
    ]);
    expect(reasons.map((r) => (r.valid ? "valid" : r.reason))).toEqual([
      "manually-revoked",
      "expired",
      "wrong-type",
      "not-found",
    ]);
    const teamCheck = await server.checkTeamApiKey(team.value);
    expect(teamCheck).toMatchObject({ teamId: "acme", type: "team" });
  });

  describe("given a relative baseUrl", () => {
    it("refuses at construction, naming an absolute URL and the in-process handler", () => {
      for (const baseUrl of ["", "/api", undefined]) {
        expect(() => createApiKeysServerClient({ ...PROJECT, baseUrl })).toThrow(
          /absolute baseUrl[\s\S]*createApiKeysServerClient\(\{ handler/,
        );
      }
    });
  });

  describe("given the handler in the same process", () => {
    it("checks keys with no network and no baseUrl", async () => {
      const key = await h.seed({ userId: "alice" }, "in process");
      const server = createApiKeysServerClient({ ...PROJECT, handler: h.handler });
      expect(await server.checkUserApiKey(key.value)).toMatchObject({ userId: "alice" });
      expect(await server.checkUserApiKey(`${key.value.slice(0, -1)}x`)).toBeNull();
      expect(await server.user("alice").listApiKeys()).toHaveLength(1);
    });
  });

  describe("where a browser window exists", () => {
    const g = globalThis as { window?: unknown };
    afterEach(() => {
      delete g.window;
    });
    it("refuses to be built, naming the client to use instead", async () => {
      g.window = {};
      const { createApiKeysServerClient } = await import("../../../src/client/index.js");
      expect(() => createApiKeysServerClient({ baseUrl: "", projectId: "p", secretServerKey: "s" })).toThrow(
        /createApiKeysClient/,
      );
    });
  });
});
