import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiKeyType } from "../../../src/client/wire.js";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { sampleHandlerOptions, sampleTeams, sampleUsers } from "../../../src/server/sample.js";
import type { ApiKeyScopeDefinition, GrantableScopesContext } from "../../../src/server/scopes.js";
import type { ApiKeyStore } from "../../../src/server/store.js";
import { storeFactories } from "../../support/stores.js";
import { DAY, expectKnown, expectPlain, expectSchemaError, makeApi, type Who } from "./api.js";

const { alice, bob, carol } = sampleUsers;
const { acme, globex } = sampleTeams;

const SCOPES: ApiKeyScopeDefinition[] = [
  { id: "notes:read", label: "Read notes", description: "List and open notes" },
  { id: "notes:write", label: "Write notes" },
  { id: "notes:delete", label: "Delete notes" },
  { id: "billing:read", label: "See invoices" },
];
const ALL = SCOPES.map((scope) => scope.id);

/**
 * What each caller may grant, read live on every call: user keys from a per-user list, team keys from the
 * member's own permissions in the team (as an app would map its roles).
 */
function permissions() {
  const users: Record<string, string[]> = { [alice.id]: [...ALL], [bob.id]: [...ALL], [carol.id]: [...ALL] };
  const teams: Record<string, Record<string, string[]>> = {
    [acme]: { [carol.id]: ["notes:read", "notes:write"], [bob.id]: [...ALL] },
    [globex]: { [carol.id]: [...ALL] },
  };
  const calls: GrantableScopesContext[] = [];
  const grantableScopes = ({ caller, owner }: GrantableScopesContext) => {
    calls.push({ caller, owner });
    if (caller.accessType === "server") return ALL;
    if (owner.type === "user") return users[owner.id] ?? [];
    return teams[owner.id]?.[caller.userId!] ?? [];
  };
  return { users, teams, calls, grantableScopes };
}

describe("scopes: declaring them on the handler", () => {
  const make =
    (scopes: unknown, extra: object = {}) =>
    () =>
      createApiKeysHandler(
        sampleHandlerOptions(memoryStore(), { scopes: scopes as ApiKeyScopeDefinition[], ...extra }),
      );

  it("refuses ids that do not look like area:action, duplicates, empty lists and missing labels", () => {
    for (const id of [
      "notes",
      "Notes:read",
      "notes:",
      ":read",
      "notes:read:all",
      "no tes:read",
      "a".repeat(62) + ":read",
    ]) {
      expect(make([{ id, label: "x" }]), id).toThrow(TypeError);
    }
    expect(
      make([
        { id: "notes:read", label: "a" },
        { id: "notes:read", label: "b" },
      ]),
    ).toThrow(/twice/);
    expect(make([])).toThrow(TypeError);
    expect(make([{ id: "notes:read", label: " " }])).toThrow(/label/);
    expect(make([{ id: "notes:read", label: "x", description: 3 }])).toThrow(/description/);
    expect(make([{ id: "notes:read", label: "x" }], { grantableScopes: "all" })).toThrow(/function/);
    expect(make(undefined, { grantableScopes: () => [] })).toThrow(/scopes to be declared/);
    expect(
      make([
        { id: "notes:read", label: "x" },
        { id: "v1.files:list-all", label: "y" },
      ]),
    ).not.toThrow();
  });
});

describe.each(storeFactories)("scopes on the $name store", (factory) => {
  let store: ApiKeyStore;
  let cleanup: () => Promise<void>;
  let api: ReturnType<typeof makeApi>;
  let perms: ReturnType<typeof permissions>;
  beforeAll(async () => {
    ({ store, cleanup } = await factory.create());
  }, 120_000);
  afterAll(() => cleanup());
  beforeEach(() => {
    perms = permissions();
    api = makeApi(store, { scopes: SCOPES, grantableScopes: perms.grantableScopes });
  });

  /** An API whose requests wait, once signed in, until `release()`: `inside` settles when one is held. */
  function heldAfterSignIn() {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gated = makeApi(store, {
      scopes: SCOPES,
      grantableScopes: perms.grantableScopes,
      authenticateUser: async (token) => {
        entered();
        await held;
        return token === alice.accessToken ? alice.id : null;
      },
    });
    return { gated, inside, release };
  }

  const field = (type: ApiKeyType) => (type === "user" ? "user_id" : "team_id");
  const create = (type: ApiKeyType, owner: string, scopes: unknown, as: Who = "server") =>
    api.call("POST", `/${type}-api-keys`, {
      as,
      body: { description: "k", expires_at_millis: null, [field(type)]: owner, scopes },
    });
  const patch = (key: { id: string; type: ApiKeyType }, body: unknown, as: Who = "server") =>
    api.call("PATCH", `/${key.type}-api-keys/${key.id}`, { as, body });
  const roll = (key: { id: string; type: ApiKeyType }, extra: object = {}, as: Who = "server") =>
    api.call("POST", `/${key.type}-api-keys/${key.id}/roll`, {
      as,
      body: { expires_at_millis: null, overlap_millis: DAY, ...extra },
    });
  const check = (key: { value: string; type: ApiKeyType }, extra: object = {}) =>
    api.call("POST", `/${key.type}-api-keys/check`, { body: { api_key: key.value, ...extra } });
  const grantable = (query: string, as: Who = "server") =>
    api.call("GET", `/api-key-scopes?${query}`, { as });
  const count = async (type: ApiKeyType, owner: string) =>
    (await api.call("GET", `/${type}-api-keys?${field(type)}=${owner}`)).json.items.length;

  describe("the extension, announced", () => {
    it("lists scopes in list answers", async () => {
      const listed = await api.call("GET", `/user-api-keys?user_id=${alice.id}`);
      expect(listed.json.extensions).toEqual(["roll", "scopes", "usage"]);
    });

    it("changes nothing on a handler without scopes", async () => {
      const plain = makeApi(store);
      const key = await plain.create("user", alice.id);
      expect(key).not.toHaveProperty("scopes");
      expect((await plain.call("GET", `/user-api-keys?user_id=${alice.id}`)).json.extensions).toEqual([
        "roll",
        "usage",
      ]);
      expectKnown(await plain.call("GET", `/api-key-scopes?user_id=${alice.id}`), 404, "ROUTE_NOT_FOUND");
      const body = { description: "k", expires_at_millis: null, user_id: alice.id, scopes: ["notes:read"] };
      expectSchemaError(await plain.call("POST", "/user-api-keys", { body }), "unknown properties: scopes");
      expectSchemaError(
        await plain.call("POST", "/user-api-keys/check", {
          body: { api_key: key.value, required_scopes: [] },
        }),
        "unknown properties: required_scopes",
      );
      expectSchemaError(
        await plain.call("PATCH", `/user-api-keys/${key.id}`, { body: { scopes: [] } }),
        "scopes",
      );
    });
  });

  describe("GET /api-key-scopes", () => {
    it("answers the declared scopes to the server, labels and descriptions included", async () => {
      const answer = await grantable(`user_id=${alice.id}`);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json).toEqual({ items: SCOPES, full_access: true });
    });

    it("says whether this caller may make a full-access key for this owner (our addition)", async () => {
      const full = async (query: string, as: Who) => (await grantable(query, as)).json.full_access;
      expect(await full("user_id=me", "alice")).toBe(true);
      expect(await full(`team_id=${globex}`, "carol")).toBe(true);
      // Carol may grant two of the four scopes in acme: full access would grant the other two.
      expect(await full(`team_id=${acme}`, "carol")).toBe(false);
      perms.users[alice.id] = ALL.slice(1);
      expect(await full("user_id=me", "alice")).toBe(false);
      // Ids the app never declared do not make up for a missing one.
      perms.users[alice.id] = [...ALL.slice(1), "unknown:thing"];
      expect(await full("user_id=me", "alice")).toBe(false);
      perms.users[alice.id] = [...ALL, "unknown:thing"];
      expect(await full("user_id=me", "alice")).toBe(true);
    });

    it("answers what this caller may grant to this owner, asked with both", async () => {
      perms.users[alice.id] = ["notes:read", "billing:read", "unknown:thing"];
      expect((await grantable("user_id=me", "alice")).json.items.map((s: { id: string }) => s.id)).toEqual([
        "notes:read",
        "billing:read",
      ]);
      expect(
        (await grantable(`team_id=${acme}`, "carol")).json.items.map((s: { id: string }) => s.id),
      ).toEqual(["notes:read", "notes:write"]);
      expect(perms.calls.at(-1)).toEqual({
        caller: { accessType: "client", userId: carol.id },
        owner: { type: "team", id: acme },
      });
    });

    it("keeps the list's permissions: own keys only, 404 for a team without the permission", async () => {
      expect((await grantable("", "alice")).status).toBe(200);
      expectPlain(
        await grantable(`user_id=${bob.id}`, "alice"),
        403,
        "Client can only manage their own api keys",
      );
      expectKnown(await grantable(`team_id=${acme}`, "bob"), 404, "API_KEY_NOT_FOUND");
      expectKnown(await grantable(`team_id=${acme}`, "alice"), 404, "API_KEY_NOT_FOUND");
      expectKnown(await grantable(`user_id=me`, "anonymous"), 401, "USER_AUTHENTICATION_REQUIRED");
      expectSchemaError(await grantable(""), "user_id or team_id is required");
      expectSchemaError(
        await grantable(`user_id=${alice.id}&team_id=${acme}`),
        "unknown properties: user_id",
      );
      expectKnown(
        await api.call("POST", `/api-key-scopes?user_id=me`, { as: "alice" }),
        405,
        "METHOD_NOT_ALLOWED",
      );
      // The permission test comes first: a team it may not see is never asked about.
      expect(perms.calls.filter((call) => call.owner.id === acme)).toEqual([]);
    });
  });

  describe("creating a key with scopes", () => {
    it("stores them and answers them in every read object; a key without them has full access", async () => {
      const answer = await create("user", alice.id, ["notes:read", "notes:write"], "alice");
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json.scopes).toEqual(["notes:read", "notes:write"]);
      const read = await api.call("GET", `/user-api-keys/${answer.json.id}`);
      expect(read.json.scopes).toEqual(["notes:read", "notes:write"]);
      for (const full of [null, undefined]) {
        const key = await create("user", alice.id, full, "alice");
        expect(key.status).toBe(200);
        expect(key.json).not.toHaveProperty("scopes");
      }
      const listed = (await api.call("GET", `/user-api-keys?user_id=${alice.id}`)).json.items;
      expect(listed.map((item: { scopes?: string[] }) => item.scopes)).toEqual([
        undefined,
        undefined,
        ["notes:read", "notes:write"],
      ]);
      const none = await create("user", alice.id, [], "alice");
      expect(none.json.scopes).toEqual([]);
    });

    it("refuses scopes outside the caller's grantable set, naming them, and creates nothing", async () => {
      perms.users[alice.id] = ["notes:read"];
      const answer = await create("user", alice.id, ["notes:read", "notes:write", "billing:read"], "alice");
      expectKnown(answer, 400, "API_KEY_SCOPE_NOT_ALLOWED", { scopes: ["notes:write", "billing:read"] });
      // Full access stands for every scope, so it is refused too.
      expectKnown(await create("user", alice.id, null, "alice"), 400, "API_KEY_SCOPE_NOT_ALLOWED", {
        scopes: ["notes:write", "notes:delete", "billing:read"],
      });
      expect(await count("user", alice.id)).toBe(0);
      expect((await create("user", alice.id, ["notes:read"], "alice")).status).toBe(200);
    });

    it("refuses unknown, duplicated, empty, overlong, too many and non-string ids with clear 400s", async () => {
      expectKnown(
        await create("user", alice.id, ["notes:read", "notes:fly"]),
        400,
        "API_KEY_SCOPE_NOT_ALLOWED",
        {
          scopes: ["notes:fly"],
        },
      );
      expectSchemaError(await create("user", alice.id, ["notes:read", "notes:read"]), 'notes:read" twice');
      expectSchemaError(await create("user", alice.id, [""]), "non-empty strings");
      expectSchemaError(await create("user", alice.id, ["a:" + "b".repeat(63)]), "at most 64 characters");
      expectSchemaError(
        await create(
          "user",
          alice.id,
          Array.from({ length: 101 }, (_, i) => `a:${i}`),
        ),
        "at most 100",
      );
      expectSchemaError(await create("user", alice.id, [1]), "non-empty strings");
      expectSchemaError(await create("user", alice.id, "notes:read"), "must be an array");
      expect(await count("user", alice.id)).toBe(0);
    });
  });

  describe("checking a key for scopes", () => {
    it("passes a key holding every required scope and refuses one lacking some with 403", async () => {
      const key = (await create("user", alice.id, ["notes:read", "billing:read"])).json;
      const ok = await check(key, { required_scopes: ["notes:read"] });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json.scopes).toEqual(["notes:read", "billing:read"]);
      expect(ok.json.last_used_at_millis).toBe(api.clock.now);
      api.clock.now += 1000;
      const refused = await check(key, { required_scopes: ["notes:read", "notes:write", "notes:delete"] });
      expectKnown(refused, 403, "API_KEY_INSUFFICIENT_SCOPE", {
        missing_scopes: ["notes:write", "notes:delete"],
      });
      // A refused check is not a use.
      expect((await api.call("GET", `/user-api-keys/${key.id}`)).json.last_used_at_millis).toBe(
        api.clock.now - 1000,
      );
      expect((await check(key, { required_scopes: [] })).status).toBe(200);
    });

    it("answers the key's scopes without required_scopes, and none for a full-access key", async () => {
      const key = (await create("team", acme, ["notes:read"])).json;
      expect((await check(key)).json.scopes).toEqual(["notes:read"]);
      const full = (await create("team", acme, null)).json;
      const answer = await check(full, { required_scopes: ALL });
      expect(answer.status).toBe(200);
      expect(answer.json).not.toHaveProperty("scopes");
    });

    it("tests not found, wrong type, revoked and expired before scopes", async () => {
      const key = (await create("user", alice.id, [])).json;
      const need = { required_scopes: ["notes:read"] };
      expectKnown(
        // Another last character (a key that already ends in "x" would stay itself one time in 60 or so).
        await check({ ...key, value: key.value.slice(0, -1) + (key.value.endsWith("x") ? "y" : "x") }, need),
        404,
        "API_KEY_NOT_FOUND",
      );
      expectKnown(await check({ ...key, type: "team" }, need), 400, "WRONG_API_KEY_TYPE");
      const expiring = await api.call("POST", "/user-api-keys", {
        body: { description: "e", expires_at_millis: api.clock.now + 1000, user_id: alice.id, scopes: [] },
      });
      await patch(key, { revoked: true });
      expectKnown(await check(key, need), 401, "API_KEY_REVOKED");
      api.clock.now += 1000;
      expectKnown(await check(expiring.json, need), 401, "API_KEY_EXPIRED");
    });

    it("refuses malformed or undeclared required_scopes with a schema error", async () => {
      const key = (await create("user", alice.id, null)).json;
      expectSchemaError(await check(key, { required_scopes: "notes:read" }), "array");
      expectSchemaError(await check(key, { required_scopes: null }), "array");
      expectSchemaError(await check(key, { required_scopes: ["notes:read", "notes:read"] }), "twice");
      expectSchemaError(await check(key, { required_scopes: ["notes:fly"] }), "does not declare: notes:fly");
    });
  });

  describe("narrowing a key's scopes with PATCH", () => {
    it("narrows to a subset, and a full-access key to any list", async () => {
      const key = (await create("user", alice.id, ["notes:read", "notes:write"])).json;
      const narrowed = await patch(key, { scopes: ["notes:read"] }, "alice");
      expect(narrowed.status, narrowed.text).toBe(200);
      expect(narrowed.json.scopes).toEqual(["notes:read"]);
      const full = (await create("user", alice.id, null)).json;
      expect(
        (await patch(full, { scopes: ["billing:read"], description: "billing" }, "alice")).json,
      ).toMatchObject({
        scopes: ["billing:read"],
        description: "billing",
      });
      expectKnown(await check(full, { required_scopes: ["notes:read"] }), 403, "API_KEY_INSUFFICIENT_SCOPE");
    });

    it("never widens: more scopes or full access are refused, and nothing changes", async () => {
      const key = (await create("user", alice.id, ["notes:read", "notes:write"])).json;
      expectKnown(
        await patch(key, { scopes: ["notes:read", "notes:delete"], description: "changed" }),
        400,
        "API_KEY_SCOPE_NOT_ALLOWED",
        { scopes: ["notes:delete"] },
      );
      expectKnown(await patch(key, { scopes: null }), 400, "API_KEY_SCOPE_NOT_ALLOWED", {
        scopes: ["notes:delete", "billing:read"],
      });
      const all = (await create("user", alice.id, ALL)).json;
      expectKnown(await patch(all, { scopes: null }), 400, "API_KEY_SCOPE_NOT_ALLOWED");
      expectKnown(await patch(key, { scopes: ["notes:fly"] }), 400, "API_KEY_SCOPE_NOT_ALLOWED", {
        scopes: ["notes:fly"],
      });
      expectSchemaError(await patch(key, { scopes: ["notes:read", "notes:read"] }), "twice");
      const read = (await api.call("GET", `/user-api-keys/${key.id}`)).json;
      expect(read).toMatchObject({ scopes: ["notes:read", "notes:write"], description: "k" });
    });

    it("lets a caller narrow even after losing a grant, since narrowing grants nothing", async () => {
      const key = (await create("user", alice.id, ["notes:read", "notes:write"])).json;
      perms.users[alice.id] = [];
      expect((await patch(key, { scopes: ["notes:write"] }, "alice")).json.scopes).toEqual(["notes:write"]);
    });
  });

  describe("rolling a key with scopes", () => {
    it("copies the old key's scopes, or narrows them", async () => {
      const key = (await create("user", alice.id, ["notes:read", "notes:write"])).json;
      const copied = await roll(key, {}, "alice");
      expect(copied.status, copied.text).toBe(200);
      expect(copied.json.api_key.scopes).toEqual(["notes:read", "notes:write"]);
      expect(copied.json.previous.scopes).toEqual(["notes:read", "notes:write"]);
      const narrowed = await roll(copied.json.api_key, { scopes: ["notes:read"] }, "alice");
      expect(narrowed.json.api_key.scopes).toEqual(["notes:read"]);
      const full = (await create("user", alice.id, null)).json;
      expect((await roll(full, { scopes: ["notes:read"] })).json.api_key.scopes).toEqual(["notes:read"]);
      const fullAgain = (await create("user", alice.id, null)).json;
      expect((await roll(fullAgain, { scopes: null })).json.api_key).not.toHaveProperty("scopes");
    });

    it("never widens, nor carries a scope the caller may no longer grant; nothing is created", async () => {
      const key = (await create("user", alice.id, ["notes:read", "notes:write"])).json;
      const before = await count("user", alice.id);
      expectKnown(
        await roll(key, { scopes: ["notes:read", "notes:delete"] }),
        400,
        "API_KEY_SCOPE_NOT_ALLOWED",
        {
          scopes: ["notes:delete"],
        },
      );
      expectKnown(await roll(key, { scopes: null }), 400, "API_KEY_SCOPE_NOT_ALLOWED");
      perms.users[alice.id] = ["notes:read"];
      expectKnown(await roll(key, {}, "alice"), 400, "API_KEY_SCOPE_NOT_ALLOWED", {
        scopes: ["notes:write"],
      });
      expect(await count("user", alice.id)).toBe(before);
      expect((await api.call("GET", `/user-api-keys/${key.id}`)).json).not.toHaveProperty("rolled_to_id");
      const answer = await roll(key, { scopes: ["notes:read"] }, "alice");
      expect(answer.json.api_key.scopes).toEqual(["notes:read"]);
    });
  });

  describe("the permission matrix over user and team keys", () => {
    const wanted = ["notes:read"];
    it("lets an owner manage scopes on its own user keys, and answers another user's with 403", async () => {
      const own = (await create("user", alice.id, wanted, "alice")).json;
      expect((await patch(own, { scopes: [] }, "alice")).status).toBe(200);
      const bobs = (await create("user", bob.id, ["notes:read", "notes:write"])).json;
      expectPlain(
        await create("user", bob.id, wanted, "alice"),
        403,
        "Client can only manage their own api keys",
      );
      expectPlain(
        await patch(bobs, { scopes: wanted }, "alice"),
        403,
        "Client can only manage their own api keys",
      );
      expectPlain(
        await roll(bobs, { scopes: wanted }, "alice"),
        403,
        "Client can only manage their own api keys",
      );
      expect((await api.call("GET", `/user-api-keys/${bobs.id}`)).json.scopes).toEqual([
        "notes:read",
        "notes:write",
      ]);
    });

    it("hides a team from a member without $manage_api_keys, whatever the scopes", async () => {
      const team = (await create("team", acme, ["notes:read", "notes:write"])).json;
      for (const who of ["bob", "alice"] as const) {
        expectKnown(await create("team", acme, wanted, who), 404, "API_KEY_NOT_FOUND");
        expectKnown(await patch(team, { scopes: wanted }, who), 404, "API_KEY_NOT_FOUND");
        expectKnown(await roll(team, { scopes: wanted }, who), 404, "API_KEY_NOT_FOUND");
      }
      expect(await count("team", acme)).toBe(1);
    });

    it("caps a team manager at the member's own permissions in that team", async () => {
      expect((await create("team", acme, ["notes:read", "notes:write"], "carol")).status).toBe(200);
      expectKnown(await create("team", acme, ["notes:delete"], "carol"), 400, "API_KEY_SCOPE_NOT_ALLOWED", {
        scopes: ["notes:delete"],
      });
      expectKnown(await create("team", acme, null, "carol"), 400, "API_KEY_SCOPE_NOT_ALLOWED");
      // The same member may grant everything in another team.
      expect((await create("team", globex, null, "carol")).status).toBe(200);
      const wide = (await create("team", acme, ALL)).json;
      expectKnown(await roll(wide, {}, "carol"), 400, "API_KEY_SCOPE_NOT_ALLOWED", {
        scopes: ["notes:delete", "billing:read"],
      });
      expect((await roll(wide, { scopes: ["notes:read"] }, "carol")).status).toBe(200);
    });

    it("lets the server grant every declared scope to anyone", async () => {
      for (const [type, owner] of [
        ["user", bob.id],
        ["team", acme],
      ] as const) {
        expect((await create(type, owner, ALL)).status).toBe(200);
        expect((await create(type, owner, null)).status).toBe(200);
      }
    });
  });

  describe("full access, refused by the API whatever the form showed", () => {
    const fullBody = { description: "k", expires_at_millis: null, user_id: "me" };

    it("refuses a full-access key the list said was allowed once the grant went, and creates nothing", async () => {
      expect((await grantable("user_id=me", "alice")).json.full_access).toBe(true);
      perms.users[alice.id] = ["notes:read", "notes:write", "billing:read"];
      for (const body of [fullBody, { ...fullBody, scopes: null }]) {
        const answer = await api.call("POST", "/user-api-keys", { as: "alice", body });
        expectKnown(answer, 400, "API_KEY_SCOPE_NOT_ALLOWED", { scopes: ["notes:delete"] });
        expect(answer.json.error).toMatch(/full access includes scopes you may not grant/);
      }
      expect(await count("user", alice.id)).toBe(0);
    });

    it("refuses it when the grant goes while the create is in flight", async () => {
      expect((await grantable("user_id=me", "alice")).json.full_access).toBe(true);
      const { gated, inside, release } = heldAfterSignIn();
      const pending = gated.call("POST", "/user-api-keys", { as: "alice", body: fullBody });
      await inside;
      perms.users[alice.id] = ["notes:read"];
      release();
      expectKnown(await pending, 400, "API_KEY_SCOPE_NOT_ALLOWED", {
        scopes: ["notes:write", "notes:delete", "billing:read"],
      });
      expect((await gated.call("GET", `/user-api-keys?user_id=${alice.id}`)).json.items).toEqual([]);
    });

    it("refuses to roll a full-access key for a caller who may not grant every scope; nothing changes", async () => {
      // A roll copies full access, which would be a fresh grant of everything: refused, never silently
      // narrowed (what uses the new key would then fail). Naming narrower scopes rolls it.
      const full = (await create("team", acme, null)).json;
      const before = await count("team", acme);
      for (const extra of [{}, { scopes: null }]) {
        const answer = await roll(full, extra, "carol");
        expectKnown(answer, 400, "API_KEY_SCOPE_NOT_ALLOWED", { scopes: ["notes:delete", "billing:read"] });
        expect(answer.json.error).toMatch(/full access includes scopes you may not grant/);
      }
      expect(await count("team", acme)).toBe(before);
      const old = (await api.call("GET", `/team-api-keys/${full.id}`)).json;
      expect(old).not.toHaveProperty("rolled_to_id");
      expect(old).not.toHaveProperty("expires_at_millis");
      expect((await check(full)).status).toBe(200);
      const narrowed = await roll(full, { scopes: ["notes:read", "notes:write"] }, "carol");
      expect(narrowed.status, narrowed.text).toBe(200);
      expect(narrowed.json.api_key.scopes).toEqual(["notes:read", "notes:write"]);
      // Who may grant everything rolls it as it is.
      const other = (await create("team", globex, null)).json;
      expect((await roll(other, {}, "carol")).json.api_key).not.toHaveProperty("scopes");
    });
  });

  describe("racing a permission change", () => {
    it("asks grantableScopes inside each request: a grant removed mid-request is refused", async () => {
      // The request is held after it authenticated; the grant is removed; then it goes on.
      const { gated, inside, release } = heldAfterSignIn();
      const pending = gated.call("POST", "/user-api-keys", {
        as: "alice",
        body: { description: "k", expires_at_millis: null, user_id: "me", scopes: ["notes:write"] },
      });
      await inside;
      perms.users[alice.id] = ["notes:read"];
      release();
      expectKnown(await pending, 400, "API_KEY_SCOPE_NOT_ALLOWED", { scopes: ["notes:write"] });
    });

    it("never lets a create that saw the removal carry the removed scope, among 40 concurrent ones", async () => {
      // The grant is removed while 40 creates are in flight: at the 21st grantableScopes call, before it reads.
      let calls = 0;
      let granted = 0;
      const racing = makeApi(store, {
        scopes: SCOPES,
        grantableScopes: (context) => {
          if (calls++ === 20) perms.teams[acme]![carol.id] = ["notes:read"];
          const answer = perms.grantableScopes(context);
          if (answer.includes("notes:write")) granted++;
          return answer;
        },
      });
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          racing.call("POST", "/team-api-keys", {
            as: "carol",
            body: {
              description: `race ${i}`,
              expires_at_millis: null,
              team_id: acme,
              scopes: ["notes:write"],
            },
          }),
        ),
      );
      const won = answers.filter((answer) => answer.status === 200);
      const refused = answers.filter((answer) => answer.status !== 200);
      // Exactly the creates that read the grant before it went succeed; every other one is refused.
      expect(granted).toBe(20);
      expect(won).toHaveLength(granted);
      for (const answer of refused)
        expectKnown(answer, 400, "API_KEY_SCOPE_NOT_ALLOWED", { scopes: ["notes:write"] });
      const keys = (await racing.call("GET", `/team-api-keys?team_id=${acme}`)).json.items;
      expect(keys.map((key: { id: string }) => key.id).sort()).toEqual(
        won.map((answer) => answer.json.id).sort(),
      );
      // After the removal, nothing new carries it.
      const late = await racing.call("POST", "/team-api-keys", {
        as: "carol",
        body: { description: "late", expires_at_millis: null, team_id: acme, scopes: ["notes:write"] },
      });
      expectKnown(late, 400, "API_KEY_SCOPE_NOT_ALLOWED");
    });

    it("never makes a full-access key for a create that saw the removal, among 20 concurrent ones", async () => {
      let calls = 0;
      let everything = 0;
      const racing = makeApi(store, {
        scopes: SCOPES,
        grantableScopes: (context) => {
          if (calls++ === 10) perms.teams[globex]![carol.id] = ["notes:read"];
          const answer = perms.grantableScopes(context);
          if (answer.length === ALL.length) everything++;
          return answer;
        },
      });
      const body = (i: number) => ({ description: `full ${i}`, expires_at_millis: null, team_id: globex });
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          racing.call("POST", "/team-api-keys", { as: "carol", body: body(i) }),
        ),
      );
      const won = answers.filter((answer) => answer.status === 200);
      expect(everything).toBe(10);
      expect(won).toHaveLength(everything);
      for (const answer of answers.filter((answer) => answer.status !== 200))
        expectKnown(answer, 400, "API_KEY_SCOPE_NOT_ALLOWED", {
          scopes: ["notes:write", "notes:delete", "billing:read"],
        });
      const keys = (await racing.call("GET", `/team-api-keys?team_id=${globex}`)).json.items;
      expect(keys).toHaveLength(won.length);
      expect(
        (await racing.call("GET", `/api-key-scopes?team_id=${globex}`, { as: "carol" })).json.full_access,
      ).toBe(false);
    });
  });
});
