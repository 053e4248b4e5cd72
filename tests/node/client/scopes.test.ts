import { beforeEach, describe, expect, it } from "vitest";
import { ApiKeysError } from "../../../src/client/index.js";
import { createHarness, type Harness } from "../../support/harness.js";

const SCOPES = [
  { id: "notes:read", label: "Read notes", description: "List and open notes" },
  { id: "notes:write", label: "Write notes" },
  { id: "billing:read", label: "See invoices" },
];

async function rejection(promise: Promise<unknown>): Promise<ApiKeysError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiKeysError);
  return error as ApiKeysError;
}

describe("scopes through the client, against the reference handler", () => {
  let h: Harness;
  let grants: Record<string, string[]>;
  beforeEach(() => {
    grants = { alice: ["notes:read", "notes:write", "billing:read"], bob: ["notes:read"] };
    h = createHarness({
      scopes: SCOPES,
      grantableScopes: ({ caller }) =>
        caller.userId ? (grants[caller.userId] ?? []) : SCOPES.map((s) => s.id),
    });
  });

  it("lists what the caller may grant, for itself and a team it manages", async () => {
    const bob = h.clientFor("bob");
    expect(await bob.me.listGrantableScopes()).toEqual({
      items: [{ id: "notes:read", label: "Read notes", description: "List and open notes" }],
      fullAccess: false,
    });
    const acme = await h.clientFor("alice").team("acme").listGrantableScopes();
    expect(acme.items.map((s) => s.id)).toEqual(["notes:read", "notes:write", "billing:read"]);
    expect(acme.fullAccess).toBe(true);
    expect((await rejection(bob.team("acme").listGrantableScopes())).code).toBe("API_KEY_NOT_FOUND");
    expect(h.requests.at(-1)?.path).toBe("/api/v1/api-key-scopes?team_id=acme");
  });

  it("says whether the caller may make a full-access key, and create agrees", async () => {
    const bob = h.clientFor("bob");
    expect((await bob.me.listGrantableScopes()).fullAccess).toBe(false);
    expect(
      await rejection(bob.me.createApiKey({ description: "all", expiresAt: null, scopes: null })),
    ).toMatchObject({
      code: "API_KEY_SCOPE_NOT_ALLOWED",
      details: { scopes: ["notes:write", "billing:read"] },
    });
    grants.bob = SCOPES.map((s) => s.id);
    expect((await bob.me.listGrantableScopes()).fullAccess).toBe(true);
    expect((await bob.me.createApiKey({ description: "all", expiresAt: null })).scopes).toBeUndefined();
  });

  it("reads an answer without full_access (an older server) as allowed, and refuses a malformed one", async () => {
    // The reference server always sends it, so its answer is edited on the way back.
    const edited = (full: unknown) =>
      h.clientFor("bob", {
        fetch: async (input, init) => {
          const answer = await h.fetch(input, init);
          const { full_access: _, ...rest } = await answer.json();
          return Response.json(full === undefined ? rest : { ...rest, full_access: full });
        },
      });
    expect((await edited(undefined).me.listGrantableScopes()).fullAccess).toBe(true);
    expect((await edited(null).me.listGrantableScopes()).fullAccess).toBe(true);
    expect(await rejection(edited("no").me.listGrantableScopes())).toMatchObject({
      code: "INVALID_RESPONSE",
      details: { path: "answer.full_access", expected: "a boolean" },
    });
  });

  it("creates a key with scopes, models them, and sends nothing for full access", async () => {
    const alice = h.clientFor("alice");
    const key = await alice.me.createApiKey({
      description: "reader",
      expiresAt: null,
      scopes: ["notes:read"],
    });
    expect(key.scopes).toEqual(["notes:read"]);
    expect(key.toJSON().scopes).toEqual(["notes:read"]);
    const [listed] = await alice.me.listApiKeys();
    expect(listed!.scopes).toEqual(["notes:read"]);
    expect(alice.apiKeyFromJSON(JSON.parse(JSON.stringify(listed))).scopes).toEqual(["notes:read"]);
    const full = await alice.me.createApiKey({ description: "all", expiresAt: null, scopes: null });
    expect(full.scopes).toBeUndefined();
    expect("scopes" in full).toBe(false);
  });

  it("refuses a scope outside the grantable set with the refused ones in details", async () => {
    const error = await rejection(
      h
        .clientFor("bob")
        .me.createApiKey({ description: "x", expiresAt: null, scopes: ["notes:read", "notes:write"] }),
    );
    expect(error).toMatchObject({
      code: "API_KEY_SCOPE_NOT_ALLOWED",
      status: 400,
      details: { scopes: ["notes:write"] },
    });
  });

  it("narrows with update(), and refuses widening", async () => {
    const alice = h.clientFor("alice");
    const key = await alice.me.createApiKey({
      description: "k",
      expiresAt: null,
      scopes: ["notes:read", "notes:write"],
    });
    const narrowed = await key.update({ scopes: ["notes:read"] });
    expect(narrowed.scopes).toEqual(["notes:read"]);
    expect(narrowed.description).toBe("k");
    const error = await rejection(narrowed.update({ scopes: ["notes:read", "notes:write"] }));
    expect(error.code).toBe("API_KEY_SCOPE_NOT_ALLOWED");
    expect((await narrowed.update({ description: "renamed" })).scopes).toEqual(["notes:read"]);
  });

  it("rolls keeping the old scopes, or narrower ones", async () => {
    const alice = h.clientFor("alice");
    const key = await alice.me.createApiKey({
      description: "k",
      expiresAt: null,
      scopes: ["notes:read", "notes:write"],
    });
    const kept = await key.roll({ expiresAt: null, overlap: 0 });
    expect(kept.apiKey.scopes).toEqual(["notes:read", "notes:write"]);
    const narrowed = await alice.me.rollApiKey(kept.apiKey.id, {
      expiresAt: null,
      overlap: 0,
      scopes: ["notes:write"],
    });
    expect(narrowed.apiKey.scopes).toEqual(["notes:write"]);
  });

  describe("the server client's check and verify with scopes", () => {
    it("passes a key holding them, and fails one lacking some with reason insufficient-scope", async () => {
      const server = h.serverClient();
      const key = await h
        .clientFor("alice")
        .me.createApiKey({ description: "r", expiresAt: null, scopes: ["notes:read"] });
      expect((await server.checkUserApiKey(key.value, { scopes: ["notes:read"] }))?.scopes).toEqual([
        "notes:read",
      ]);
      expect(await server.checkUserApiKey(key.value, { scopes: ["notes:write"] })).toBeNull();
      const verdict = await server.verifyUserApiKey(key.value, { scopes: ["notes:read", "notes:write"] });
      expect(verdict).toMatchObject({ valid: false, reason: "insufficient-scope" });
      expect(!verdict.valid && verdict.error.details).toEqual({ missing_scopes: ["notes:write"] });
      expect((await server.verifyUserApiKey(key.value)).valid).toBe(true);
      const team = await h
        .clientFor("alice")
        .team("acme")
        .createApiKey({ description: "t", expiresAt: null, scopes: [] });
      expect(await server.verifyTeamApiKey(team.value, { scopes: ["billing:read"] })).toMatchObject({
        valid: false,
        reason: "insufficient-scope",
      });
      // Without scopes the body stays the core contract's.
      expect(await server.checkTeamApiKey(team.value)).not.toBeNull();
    });
  });
});
