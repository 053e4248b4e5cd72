import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DESCRIPTION_MAX_LENGTH } from "../../../src/client/wire.js";
import { API_KEY_PATTERN, hashApiKey } from "../../../src/server/key-format.js";
import { sampleTeams, sampleUsers } from "../../../src/server/sample.js";
import type { ApiKeyStore } from "../../../src/server/store.js";
import { storeFactories } from "../../support/stores.js";
import { DAY, START, expectKnown, expectPlain, expectSchemaError, makeApi } from "./api.js";

const { alice, bob, carol } = sampleUsers;
const { acme, globex } = sampleTeams;

describe.each(storeFactories)("the reference server on the $name store", (factory) => {
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

  describe("creating a key", () => {
    it("answers the first view with the whole key, once", async () => {
      const answer = await api.call("POST", "/user-api-keys", {
        as: "alice",
        body: { user_id: "me", description: "CLI", expires_at_millis: START + DAY },
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        id: expect.any(String),
        description: "CLI",
        created_at_millis: START,
        expires_at_millis: START + DAY,
        is_public: false,
        value: expect.stringMatching(API_KEY_PATTERN),
        type: "user",
        user_id: alice.id,
      });
      expect(answer.json.value).toMatch(/^rak_sk_/);

      const read = await api.call("GET", `/user-api-keys/${answer.json.id}`, { as: "alice" });
      expect(read.json.value).toEqual({ last_four: answer.json.value.slice(-4) });
      expect(read.text).not.toContain(answer.json.value);
    });

    it("marks public keys with pk and leaves out a missing expiry", async () => {
      const key = await api.create("user", alice.id, { is_public: true });
      expect(key.value).toMatch(/^rak_pk_/);
      expect(key.is_public).toBe(true);
      expect("expires_at_millis" in key).toBe(false);
      expect("manually_revoked_at_millis" in key).toBe(false);
      expect("last_used_at_millis" in key).toBe(false);
    });

    it("uses the configured prefix", async () => {
      const custom = makeApi(store, { keyPrefix: "acme2" });
      expect((await custom.create("user", alice.id)).value).toMatch(/^acme2_sk_/);
    });

    it("keeps only the hash and the last four characters in the store", async () => {
      const key = await api.create("team", acme, { description: "deploys" });
      const row = await store.get(api.projectId, key.id);
      expect(row).toMatchObject({
        hash: await hashApiKey(key.value),
        lastFour: key.value.slice(-4),
        ownerId: acme,
        type: "team",
      });
      expect(JSON.stringify(row)).not.toContain(key.value);
      expect(JSON.stringify(row)).not.toContain(key.value.slice(7, 30));
    });

    it("lets a client create keys for itself, by id or as me", async () => {
      expect((await api.create("user", alice.id, { as: "alice" })).user_id).toBe(alice.id);
      expect((await api.create("user", "me", { as: "bob" })).user_id).toBe(bob.id);
    });

    it("refuses a client creating a key for another user with Stack's plain 403", async () => {
      const answer = await api.call("POST", "/user-api-keys", {
        as: "alice",
        body: { user_id: bob.id, description: "x", expires_at_millis: null },
      });
      expectPlain(answer, 403, "Client can only manage their own api keys");
    });

    it("lets a team manager create team keys and hides the team from others", async () => {
      expect((await api.create("team", acme, { as: "carol" })).team_id).toBe(acme);
      for (const who of ["bob", "alice"] as const) {
        const answer = await api.call("POST", "/team-api-keys", {
          as: who,
          body: { team_id: acme, description: "x", expires_at_millis: null },
        });
        expectKnown(answer, 404, "API_KEY_NOT_FOUND");
      }
    });

    it("lets the server create keys for any user or team", async () => {
      expect((await api.create("user", "someone-else")).user_id).toBe("someone-else");
      expect((await api.create("team", "team-nobody-manages")).team_id).toBe("team-nobody-manages");
    });

    it("answers me on the server with the token's user, or an error without one", async () => {
      const withToken = await api.call("POST", "/user-api-keys", {
        headers: { "x-stack-access-token": carol.accessToken },
        body: { user_id: "me", description: "x", expires_at_millis: null },
      });
      expect(withToken.json.user_id).toBe(carol.id);
      const without = await api.call("POST", "/user-api-keys", {
        body: { user_id: "me", description: "x", expires_at_millis: null },
      });
      expectKnown(without, 400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    });

    it("allows an empty description and up to DESCRIPTION_MAX_LENGTH characters", async () => {
      expect((await api.create("user", alice.id, { description: "" })).description).toBe("");
      const longest = "é".repeat(DESCRIPTION_MAX_LENGTH);
      expect((await api.create("user", alice.id, { description: longest })).description).toBe(longest);
    });

    it.each([
      [{ description: "x".repeat(DESCRIPTION_MAX_LENGTH + 1) }, "body.description must be at most 100"],
      [{ description: 5 }, "body.description must be a string"],
      [{ description: undefined }, "body.description must be defined"],
      [{ expires_at_millis: START - 1 }, "body.expires_at_millis must be in the future"],
      [{ expires_at_millis: START }, "body.expires_at_millis must be in the future"],
      [{ expires_at_millis: START + 0.5 }, "body.expires_at_millis must be an integer"],
      [{ expires_at_millis: String(START + DAY) }, "body.expires_at_millis must be an integer"],
      [{ expires_at_millis: undefined }, "body.expires_at_millis must be defined"],
      [{ expires_at_millis: 9e15 }, "body.expires_at_millis must be at most"],
      [{ is_public: "yes" }, "body.is_public must be a boolean"],
      [{ user_id: undefined }, "body.user_id must be defined"],
      [{ user_id: "" }, "body.user_id must be a non-empty id"],
      [{ user_id: 7 }, "body.user_id must be a string"],
      [{ team_id: acme }, "body contains unknown properties: team_id"],
      [{ prefix: "x", extra: 1 }, "body contains unknown properties: prefix, extra"],
    ])("refuses %j with a SCHEMA_ERROR", async (fields, message) => {
      const body = { user_id: alice.id, description: "x", expires_at_millis: null, ...fields };
      const answer = await api.call("POST", "/user-api-keys", { body });
      expectSchemaError(answer, "Request validation failed on POST /api/v1/user-api-keys:", message);
    });

    it("lists every problem of a body at once", async () => {
      const answer = await api.call("POST", "/team-api-keys", { body: { description: 1, nope: true } });
      expectSchemaError(
        answer,
        "body contains unknown properties: nope",
        "body.description must be a string",
        "body.expires_at_millis must be defined",
        "body.team_id must be defined",
      );
    });

    it.each([
      ["[]", "body must be an object"],
      ["null", "body must be an object"],
      ['"text"', "body must be an object"],
      ["", "body is required"],
    ])("refuses the body %j with a SCHEMA_ERROR", async (body, message) => {
      expectSchemaError(await api.call("POST", "/user-api-keys", { body }), message);
    });
  });

  describe("reading bodies", () => {
    it("refuses malformed JSON", async () => {
      const answer = await api.call("POST", "/user-api-keys", { body: '{"description": ' });
      expectKnown(answer, 400, "BODY_PARSING_ERROR");
      expect(answer.json.error).toBe("Invalid JSON in request body");
    });

    it("refuses bytes that are not UTF-8", async () => {
      const answer = await api.call("POST", "/user-api-keys", { body: new Uint8Array([0x7b, 0xff, 0x7d]) });
      expectKnown(answer, 400, "BODY_PARSING_ERROR");
    });

    it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
      "refuses the content type %s",
      async (type) => {
        const answer = await api.call("POST", "/user-api-keys", {
          body: JSON.stringify({ user_id: alice.id, description: "x", expires_at_millis: null }),
          headers: { "content-type": type },
        });
        expectKnown(answer, 400, "BODY_PARSING_ERROR");
        expect(answer.json.error).toContain("Unknown content type");
      },
    );

    it("accepts application/json with parameters and any case", async () => {
      const answer = await api.call("POST", "/user-api-keys", {
        body: JSON.stringify({ user_id: alice.id, description: "x", expires_at_millis: null }),
        headers: { "Content-Type": "Application/JSON; charset=UTF-8" },
      });
      expect(answer.status).toBe(200);
    });

    it("refuses a body over 64 KB, whatever content-length says", async () => {
      const big = JSON.stringify({ description: "x".repeat(70_000) });
      expectKnown(await api.call("POST", "/user-api-keys", { body: big }), 413, "BODY_TOO_LARGE", {
        max_bytes: 65536,
      });
      // A stream of unknown length gets no content-length, so only the byte cap can stop it.
      const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 100) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const request = new Request("http://localhost/api/v1/user-api-keys", {
        method: "POST",
        headers: { ...api.headersFor("server"), "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(request.headers.get("content-length")).toBeNull();
      expectKnown(await api.send(request), 413, "BODY_TOO_LARGE");
      expect(sent).toBeLessThan(10);
    });

    it("refuses a content-length over the cap before reading", async () => {
      const answer = await api.call("POST", "/user-api-keys", {
        body: "{}",
        headers: { "content-type": "application/json", "content-length": "100000" },
      });
      // Request may drop a forged content-length; when it keeps it, the answer is 413 before reading.
      if (answer.status === 413) expectKnown(answer, 413, "BODY_TOO_LARGE");
      else expectSchemaError(answer, "body.description must be defined");
    });
  });

  describe("listing keys", () => {
    it("answers a client's own keys, newest first, revoked ones included", async () => {
      const first = await api.create("user", alice.id, { description: "first" });
      api.clock.now += 1000;
      const second = await api.create("user", alice.id, { description: "second" });
      const third = await api.create("user", alice.id, { description: "third, same millisecond" });
      await api.create("user", bob.id);
      await api.call("PATCH", `/user-api-keys/${first.id}`, { body: { revoked: true } });

      for (const query of ["", "?user_id=me", `?user_id=${alice.id}`]) {
        const answer = await api.call("GET", `/user-api-keys${query}`, { as: "alice" });
        expect(answer.status).toBe(200);
        expect(answer.json.is_paginated).toBe(false);
        expect(answer.json.items.map((item: { id: string }) => item.id)).toEqual([
          third.id,
          second.id,
          first.id,
        ]);
        expect(answer.json.items[2].manually_revoked_at_millis).toBe(START + 1000);
        for (const key of [first, second, third]) expect(answer.text).not.toContain(key.value);
      }
    });

    it("refuses a client listing another user's keys with the plain 403", async () => {
      expectPlain(
        await api.call("GET", `/user-api-keys?user_id=${bob.id}`, { as: "alice" }),
        403,
        "Client can only manage their own api keys",
      );
    });

    it("needs user_id on the server and team_id always, as Stack says", async () => {
      const user = await api.call("GET", "/user-api-keys");
      expectKnown(user, 400, "SCHEMA_ERROR", { message: "user_id is required for user API keys" });
      const team = await api.call("GET", "/team-api-keys", { as: "carol" });
      expectKnown(team, 400, "SCHEMA_ERROR", { message: "team_id is required for team API keys" });
    });

    it("refuses unknown, repeated or empty query parameters", async () => {
      expectSchemaError(
        await api.call("GET", `/user-api-keys?user_id=me&team_id=${acme}`, { as: "alice" }),
        "query contains unknown properties: team_id",
      );
      expectSchemaError(
        await api.call("GET", `/user-api-keys?user_id=${alice.id}&user_id=${bob.id}`),
        "query.user_id must be given once",
      );
      expectSchemaError(
        await api.call("GET", "/team-api-keys?team_id="),
        "query.team_id must be a non-empty id",
      );
    });

    it("lists team keys for managers and the server, and answers 404 to other members", async () => {
      const key = await api.create("team", acme);
      await api.create("team", globex);
      for (const who of ["carol", "server"] as const) {
        const answer = await api.call("GET", `/team-api-keys?team_id=${acme}`, { as: who });
        expect(answer.json.items.map((item: { id: string }) => item.id)).toEqual([key.id]);
      }
      expectKnown(
        await api.call("GET", `/team-api-keys?team_id=${acme}`, { as: "bob" }),
        404,
        "API_KEY_NOT_FOUND",
      );
      expectKnown(
        await api.call("GET", `/team-api-keys?team_id=${globex}`, { as: "alice" }),
        404,
        "API_KEY_NOT_FOUND",
      );
    });

    it("answers an empty list for an owner without keys", async () => {
      expect((await api.call("GET", "/user-api-keys?user_id=nobody")).json).toEqual({
        items: [],
        is_paginated: false,
        extensions: ["roll", "usage"],
      });
    });
  });

  describe("reading one key", () => {
    it("judges ownership by the stored key, not the query", async () => {
      const bobs = await api.create("user", bob.id);
      expectPlain(
        await api.call("GET", `/user-api-keys/${bobs.id}?user_id=${alice.id}`, { as: "alice" }),
        403,
        "Client can only manage their own api keys",
      );
      expect(
        (await api.call("GET", `/user-api-keys/${bobs.id}?user_id=${alice.id}`, { as: "bob" })).status,
      ).toBe(200);
      expect((await api.call("GET", `/user-api-keys/${bobs.id}`)).json.user_id).toBe(bob.id);
    });

    it("answers team keys to managers only", async () => {
      const key = await api.create("team", acme);
      const read = await api.call("GET", `/team-api-keys/${key.id}?team_id=${globex}`, { as: "carol" });
      expect(read.json).toMatchObject({ id: key.id, team_id: acme, type: "team" });
      expectKnown(await api.call("GET", `/team-api-keys/${key.id}`, { as: "bob" }), 404, "API_KEY_NOT_FOUND");
    });

    it("answers 404 for unknown ids, other projects' keys and keys of the other type", async () => {
      const team = await api.create("team", acme);
      const user = await api.create("user", alice.id);
      expectKnown(await api.call("GET", "/user-api-keys/no-such-id"), 404, "API_KEY_NOT_FOUND");
      expectKnown(await api.call("GET", `/user-api-keys/${team.id}`), 404, "API_KEY_NOT_FOUND");
      expectKnown(
        await api.call("GET", `/team-api-keys/${user.id}`, { as: "carol" }),
        404,
        "API_KEY_NOT_FOUND",
      );
      const otherProject = makeApi(store);
      expectKnown(await otherProject.call("GET", `/user-api-keys/${user.id}`), 404, "API_KEY_NOT_FOUND");
    });
  });

  describe("updating a key", () => {
    it("changes the description", async () => {
      const key = await api.create("user", alice.id);
      const answer = await api.call("PATCH", `/user-api-keys/${key.id}`, {
        as: "alice",
        body: { description: "renamed" },
      });
      expect(answer.json).toMatchObject({
        id: key.id,
        description: "renamed",
        value: { last_four: key.value.slice(-4) },
      });
      expect((await api.call("GET", `/user-api-keys/${key.id}`)).json.description).toBe("renamed");
    });

    it("revokes once: a second revoke keeps the first time", async () => {
      const key = await api.create("user", alice.id);
      api.clock.now = START + 5000;
      const first = await api.call("PATCH", `/user-api-keys/${key.id}`, {
        as: "alice",
        body: { revoked: true },
      });
      expect(first.json.manually_revoked_at_millis).toBe(START + 5000);
      api.clock.now = START + 9000;
      const second = await api.call("PATCH", `/user-api-keys/${key.id}`, {
        as: "alice",
        body: { revoked: true, description: "after" },
      });
      expect(second.json.manually_revoked_at_millis).toBe(START + 5000);
      expect(second.json.description).toBe("after");
    });

    it("answers the key unchanged for an empty body", async () => {
      const key = await api.create("user", alice.id);
      const answer = await api.call("PATCH", `/user-api-keys/${key.id}`, { body: {} });
      expect(answer.json).toEqual({ ...key, value: { last_four: key.value.slice(-4) } });
    });

    it.each([
      [{ revoked: false }, "body.revoked must be true"],
      [{ revoked: "true" }, "body.revoked must be true"],
      [{ expires_at_millis: null }, "body contains unknown properties: expires_at_millis"],
      [{ user_id: "someone" }, "body contains unknown properties: user_id"],
      [{ description: "x".repeat(101) }, "body.description must be at most 100"],
      [{ description: null }, "body.description must be a string"],
    ])("refuses %j", async (body, message) => {
      const key = await api.create("user", alice.id);
      expectSchemaError(await api.call("PATCH", `/user-api-keys/${key.id}`, { body }), message);
      expect((await api.call("GET", `/user-api-keys/${key.id}`)).json.description).toBe(key.description);
    });

    it("refuses another user's key and hides a team's key from non-managers", async () => {
      const bobs = await api.create("user", bob.id);
      expectPlain(
        await api.call("PATCH", `/user-api-keys/${bobs.id}`, { as: "alice", body: { revoked: true } }),
        403,
        "Client can only manage their own api keys",
      );
      const team = await api.create("team", acme);
      expectKnown(
        await api.call("PATCH", `/team-api-keys/${team.id}`, { as: "bob", body: { revoked: true } }),
        404,
        "API_KEY_NOT_FOUND",
      );
      const revoked = await api.call("PATCH", `/team-api-keys/${team.id}`, {
        as: "carol",
        body: { revoked: true },
      });
      expect(revoked.json.manually_revoked_at_millis).toBe(START);
      expect(
        (await api.call("GET", `/user-api-keys/${bobs.id}`)).json.manually_revoked_at_millis,
      ).toBeUndefined();
    });

    it("answers 404 for an unknown key", async () => {
      expectKnown(
        await api.call("PATCH", "/team-api-keys/nope", { body: { revoked: true } }),
        404,
        "API_KEY_NOT_FOUND",
      );
    });
  });

  describe("checking a key", () => {
    const check = (type: "user" | "team", apiKey: unknown, as: "server" | "alice" = "server") =>
      api.call("POST", `/${type}-api-keys/check`, { as, body: { api_key: apiKey } });

    it("answers the key and its owner, and records when it was used", async () => {
      const key = await api.create("user", alice.id, { expires_at_millis: START + DAY });
      api.clock.now = START + 60_000;
      const answer = await check("user", key.value);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        id: key.id,
        description: key.description,
        created_at_millis: START,
        expires_at_millis: START + DAY,
        is_public: false,
        value: { last_four: key.value.slice(-4) },
        type: "user",
        user_id: alice.id,
        last_used_at_millis: START + 60_000,
      });
      expect((await store.get(api.projectId, key.id))?.lastUsedAtMillis).toBe(START + 60_000);
      expect((await api.call("GET", `/user-api-keys/${key.id}`)).json.last_used_at_millis).toBe(
        START + 60_000,
      );
      const team = await api.create("team", acme);
      expect((await check("team", team.value)).json).toMatchObject({ team_id: acme, type: "team" });
    });

    it("is for the server only", async () => {
      const key = await api.create("user", alice.id);
      const answer = await check("user", key.value, "alice");
      expectKnown(answer, 401, "INSUFFICIENT_ACCESS_TYPE", {
        actual_access_type: "client",
        allowed_access_types: ["server"],
      });
      expect(answer.json.error).toBe("The x-stack-access-type header must be 'server', but was 'client'.");
      expect((await store.get(api.projectId, key.id))?.lastUsedAtMillis).toBeNull();
    });

    it("answers API_KEY_NOT_FOUND for unknown keys, look-alikes and one changed character", async () => {
      const key = await api.create("user", alice.id);
      const changed = key.value.slice(0, 10) + (key.value[10] === "a" ? "b" : "a") + key.value.slice(11);
      for (const value of [
        changed,
        key.value + "x",
        key.value.toUpperCase(),
        "",
        "rak_sk_short",
        "x".repeat(5000),
      ]) {
        expectKnown(await check("user", value), 404, "API_KEY_NOT_FOUND");
      }
      const otherProject = makeApi(store);
      expectKnown(
        await otherProject.call("POST", "/user-api-keys/check", { body: { api_key: key.value } }),
        404,
        "API_KEY_NOT_FOUND",
      );
    });

    it("answers WRONG_API_KEY_TYPE across user and team keys", async () => {
      const team = await api.create("team", acme);
      const user = await api.create("user", alice.id);
      const onUser = await check("user", team.value);
      expectKnown(onUser, 400, "WRONG_API_KEY_TYPE", { expected_type: "user", actual_type: "team" });
      expect(onUser.json.error).toBe("This endpoint is for user API keys, but a team API key was provided.");
      expectKnown(await check("team", user.value), 400, "WRONG_API_KEY_TYPE", {
        expected_type: "team",
        actual_type: "user",
      });
    });

    it("answers API_KEY_REVOKED and API_KEY_EXPIRED, in the contract's order", async () => {
      const revoked = await api.create("user", alice.id, { expires_at_millis: START + 1000 });
      await api.call("PATCH", `/user-api-keys/${revoked.id}`, { body: { revoked: true } });
      const expiring = await api.create("user", alice.id, { expires_at_millis: START + 1000 });
      const team = await api.create("team", acme, { expires_at_millis: START + 1000 });
      await api.call("PATCH", `/team-api-keys/${team.id}`, { body: { revoked: true } });

      expectKnown(await check("user", revoked.value), 401, "API_KEY_REVOKED");
      expect((await check("user", expiring.value)).status).toBe(200);
      api.clock.now = START + 1000;
      expectKnown(await check("user", expiring.value), 401, "API_KEY_EXPIRED");
      expectKnown(await check("user", revoked.value), 401, "API_KEY_REVOKED");
      expectKnown(await check("user", team.value), 400, "WRONG_API_KEY_TYPE");
      expect((await store.get(api.projectId, expiring.id))?.lastUsedAtMillis).toBe(START);
    });

    it("refuses a body without a string api_key", async () => {
      expectSchemaError(await check("user", 42), "body.api_key must be a string");
      expectSchemaError(
        await api.call("POST", "/user-api-keys/check", { body: { api_key: "x", user_id: "y" } }),
        "body contains unknown properties: user_id",
      );
    });
  });

  describe("authentication", () => {
    const list = (headers: Record<string, string>) =>
      api.send(new Request("http://localhost/api/v1/user-api-keys?user_id=me", { headers }));

    it("accepts the x-hexclave- family and header names in any case", async () => {
      const key = await api.create("user", alice.id);
      const hexclave = await list({
        "X-Hexclave-Project-Id": api.projectId,
        "X-HEXCLAVE-ACCESS-TYPE": "client",
        "x-hexclave-publishable-client-key": api.options.publishableClientKey,
        "x-Hexclave-Access-Token": alice.accessToken,
      });
      expect(hexclave.json.items.map((item: { id: string }) => item.id)).toEqual([key.id]);
      const mixed = await list({
        "X-Stack-Project-Id": api.projectId,
        "x-hexclave-access-type": "client",
        "X-STACK-PUBLISHABLE-CLIENT-KEY": api.options.publishableClientKey,
        "x-hexclave-access-token": alice.accessToken,
      });
      expect(mixed.status).toBe(200);
    });

    it.each([
      ["no headers at all", {}, 400, "ACCESS_TYPE_REQUIRED"],
      [
        "a key but no access type",
        { "x-stack-publishable-client-key": "pck" },
        400,
        "PROJECT_KEY_WITHOUT_ACCESS_TYPE",
      ],
      ["an unknown access type", { "x-stack-access-type": "admin" }, 400, "INVALID_ACCESS_TYPE"],
      ["no project id", { "x-stack-access-type": "client" }, 400, "ACCESS_TYPE_WITHOUT_PROJECT_ID"],
    ])("refuses %s", async (_, headers, status, code) => {
      expectKnown(await list(headers), status, code);
    });

    it("refuses a wrong project id", async () => {
      const answer = await list({ ...api.headersFor("alice"), "x-stack-project-id": "someone-elses" });
      expectKnown(answer, 400, "CURRENT_PROJECT_NOT_FOUND", { project_id: "someone-elses" });
    });

    it("refuses a missing or wrong publishable key", async () => {
      const { "x-stack-publishable-client-key": _, ...without } = api.headersFor("alice");
      expectKnown(await list(without), 401, "PUBLISHABLE_CLIENT_KEY_REQUIRED_FOR_PROJECT");
      expectKnown(
        await list({ ...without, "x-stack-publishable-client-key": api.options.publishableClientKey + "x" }),
        401,
        "INVALID_PUBLISHABLE_CLIENT_KEY",
        { project_id: api.projectId },
      );
      // The secret key does not stand in for the publishable one.
      expectKnown(
        await list({ ...without, "x-stack-publishable-client-key": api.options.secretServerKey }),
        401,
        "INVALID_PUBLISHABLE_CLIENT_KEY",
      );
    });

    it("refuses a missing or wrong secret server key", async () => {
      const { "x-stack-secret-server-key": _, ...without } = api.headersFor("server");
      expectKnown(await list(without), 401, "SERVER_AUTHENTICATION_REQUIRED");
      expectKnown(
        await list({ ...without, "x-stack-secret-server-key": "ssk" }),
        401,
        "INVALID_SECRET_SERVER_KEY",
        { project_id: api.projectId },
      );
      expectKnown(
        await list({ ...without, "x-stack-secret-server-key": api.options.publishableClientKey }),
        401,
        "INVALID_SECRET_SERVER_KEY",
      );
    });

    it("needs a signed-in user for client calls and refuses a token it does not know", async () => {
      for (const [method, path] of [
        ["GET", "/user-api-keys"],
        ["POST", "/user-api-keys"],
        ["GET", "/team-api-keys/x"],
        ["PATCH", "/team-api-keys/x"],
      ]) {
        const answer = await api.call(method!, path!, {
          as: "anonymous",
          body: method === "GET" ? undefined : {},
        });
        expectKnown(answer, 401, "USER_AUTHENTICATION_REQUIRED");
        expect(answer.json.error).toBe("User authentication required for this endpoint.");
      }
      expectKnown(
        await list({ ...api.headersFor("anonymous"), "x-stack-access-token": "forged" }),
        401,
        "UNPARSABLE_ACCESS_TOKEN",
      );
    });
  });

  describe("override-error-status", () => {
    it("answers 4xx errors as 200 with the real status in both headers", async () => {
      for (const name of ["x-stack-override-error-status", "X-Hexclave-Override-Error-Status"]) {
        const answer = await api.call("GET", "/user-api-keys/missing", { headers: { [name]: "true" } });
        expect(answer.status).toBe(200);
        expect(answer.headers.get("x-stack-actual-status")).toBe("404");
        expect(answer.headers.get("x-hexclave-actual-status")).toBe("404");
        expect(answer.headers.get("x-stack-known-error")).toBe("API_KEY_NOT_FOUND");
        expect(answer.json.code).toBe("API_KEY_NOT_FOUND");
      }
      const plain = await api.call("GET", `/user-api-keys?user_id=${bob.id}`, {
        as: "alice",
        headers: { "x-stack-override-error-status": "true" },
      });
      expect([plain.status, plain.headers.get("x-stack-actual-status"), plain.text]).toEqual([
        200,
        "403",
        "Client can only manage their own api keys",
      ]);
    });

    it("leaves successes alone and does nothing unless asked", async () => {
      const ok = await api.call("GET", "/user-api-keys?user_id=x", {
        headers: { "x-stack-override-error-status": "true" },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("x-stack-actual-status")).toBeNull();
      const notAsked = await api.call("GET", "/user-api-keys/missing", {
        headers: { "x-stack-override-error-status": "false" },
      });
      expect(notAsked.status).toBe(404);
    });
  });

  describe("switched-off features", () => {
    it("answers Stack's plain 400 for user keys, leaving team keys working", async () => {
      const off = makeApi(store, { userApiKeys: false });
      expectPlain(
        await off.call("GET", "/user-api-keys?user_id=me", { as: "alice" }),
        400,
        "User API keys are not enabled for this project.",
      );
      expectPlain(
        await off.call("POST", "/user-api-keys/check", { body: { api_key: "x" } }),
        400,
        "User API keys are not enabled for this project.",
      );
      expect((await off.create("team", acme)).team_id).toBe(acme);
    });

    it("answers Stack's plain 400 for team keys", async () => {
      const off = makeApi(store, { teamApiKeys: false });
      expectPlain(
        await off.call("POST", "/team-api-keys", {
          as: "carol",
          body: { team_id: acme, description: "x", expires_at_millis: null },
        }),
        400,
        "Team API keys are not enabled for this project.",
      );
      expect((await off.create("user", alice.id)).user_id).toBe(alice.id);
    });
  });

  describe("routing", () => {
    it.each([
      "/api/v1/api-keys",
      "/api/v1/user-api-keys/a/b",
      "/api/v2/user-api-keys",
      "/user-api-keys",
      "/api/v1/",
    ])("answers ROUTE_NOT_FOUND for %s", async (path) => {
      const answer = await api.send(
        new Request(`http://localhost${path}`, { headers: api.headersFor("server") }),
      );
      expectKnown(answer, 404, "ROUTE_NOT_FOUND");
    });

    it.each([
      ["DELETE", "/user-api-keys/some-id", "GET, PATCH"],
      ["PUT", "/user-api-keys", "GET, POST"],
      ["GET", "/team-api-keys/check", "POST"],
      ["PATCH", "/team-api-keys", "GET, POST"],
    ])("answers METHOD_NOT_ALLOWED for %s %s", async (method, path, allow) => {
      const answer = await api.call(method, path);
      expectKnown(answer, 405, "METHOD_NOT_ALLOWED");
      expect(answer.headers.get("allow")).toBe(allow);
    });

    it("serves under another base path and takes a trailing slash", async () => {
      const mounted = makeApi(store, { basePath: "/keys/" });
      const answer = await mounted.send(
        new Request("http://localhost/keys/user-api-keys/?user_id=x", {
          headers: mounted.headersFor("server"),
        }),
      );
      expect(answer.json).toEqual({ items: [], is_paginated: false, extensions: ["roll", "usage"] });
    });
  });
});
