import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyEvent } from "../../../src/server/events.js";
import { startLocalScanner, type LocalScanner } from "../../../demo/server/github-scanner.js";
import { createApiKeysHandler, type ApiKeysHandler } from "../../../src/server/handler.js";
import { generateApiKey } from "../../../src/server/key-format.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import type { SecretScanningOptions } from "../../../src/server/secret-scanning.js";
import type { ApiKeyStore } from "../../../src/server/store.js";
import { storeFactories } from "../../support/stores.js";
import { check, createKey, outcome, readKey } from "../../support/server-calls.js";

const ENDPOINT = "http://api.test/api/v1/secret-scanning";
const FOUND_AT = "https://github.com/octocat/Hello-World/blob/1234567/config.js";

type Answer = { token_raw?: string; token_hash?: string; token_type: string; label: string }[];

const match = (token: string, url = FOUND_AT) => ({
  token,
  type: "rak_secret_api_key",
  url,
  source: "content",
});

describe.each(storeFactories)("the secret scanning endpoint on the $name store", (factory) => {
  let store: ApiKeyStore;
  let cleanup: () => Promise<void>;
  let scanner: LocalScanner;
  let clock = 1_800_000_000_000;
  const errors: unknown[] = [];
  const make = (secretScanning: Partial<SecretScanningOptions> = {}) =>
    createApiKeysHandler(
      sampleHandlerOptions(store, {
        now: () => clock,
        onError: (error) => errors.push(error),
        secretScanning: { publicKeysUrl: scanner.url, ...secretScanning },
      }),
    );
  let handler: ApiKeysHandler;

  beforeAll(async () => {
    ({ store, cleanup } = await factory.create());
    scanner = await startLocalScanner();
    handler = make();
  }, 120_000);
  afterAll(async () => {
    await scanner?.close();
    await cleanup?.();
  });

  async function post(body: string, headers?: Record<string, string>, to = handler) {
    return to(
      new Request(ENDPOINT, { method: "POST", headers: headers ?? (await scanner.sign(body)), body }),
    );
  }
  async function report(items: unknown[], to = handler): Promise<Answer> {
    const answer = await post(JSON.stringify(items), undefined, to);
    const text = await answer.text();
    expect(answer.status, text).toBe(200);
    return JSON.parse(text) as Answer;
  }

  describe("given a signed report of a working key of ours", () => {
    it("answers true_positive, revokes it with the reason and url, and check refuses it", async () => {
      const key = await createKey(handler, { ownerId: "user-leak-1" });
      clock += 1000;
      expect(await report([match(key.value)])).toEqual([
        { token_raw: key.value, token_type: "rak_secret_api_key", label: "true_positive" },
      ]);
      const read = await readKey(handler, key);
      expect(read).toMatchObject({
        manually_revoked_at_millis: clock,
        revoked_reason: "leak",
        leaked_at_millis: clock,
        leak_url: FOUND_AT,
      });
      expect(await outcome(await check(handler, key.value))).toBe("API_KEY_REVOKED");
    });

    it("answers a second report the same and keeps the first time and url", async () => {
      const key = await createKey(handler, { ownerId: "user-leak-2", isPublic: true });
      const first = await report([{ ...match(key.value), type: "rak_public_api_key" }]);
      const before = await readKey(handler, key);
      clock += 5000;
      const second = await report([match(key.value, "https://github.com/elsewhere")]);
      expect(second).toEqual(first);
      expect(first[0]).toMatchObject({ token_type: "rak_public_api_key", label: "true_positive" });
      expect(await readKey(handler, key)).toEqual(before);
    });

    it("answers each match of a batch in order, judging a token sent twice once", async () => {
      const a = await createKey(handler, { ownerId: "user-leak-3" });
      const b = await createKey(handler, { type: "team", ownerId: "team-leak-3" });
      const lookAlike = generateApiKey({ isPublic: false });
      const answer = await report([match(a.value), match(lookAlike), match(b.value), match(a.value)]);
      expect(answer.map((item) => [item.token_raw, item.label])).toEqual([
        [a.value, "true_positive"],
        [lookAlike, "false_positive"],
        [b.value, "true_positive"],
        [a.value, "true_positive"],
      ]);
      expect((await readKey(handler, b)).revoked_reason).toBe("leak");
    });
  });

  describe("given a listener for key events", () => {
    it("tells one revoked event, why leak, with the url, and nothing on a second report", async () => {
      const events: ApiKeyEvent[] = [];
      const told = make();
      const listening = createApiKeysHandler(
        sampleHandlerOptions(store, {
          now: () => clock,
          onKeyEvent: (event) => void events.push(event),
          secretScanning: { publicKeysUrl: scanner.url },
        }),
      );
      const key = await createKey(told, { ownerId: "user-leak-events" });
      // Each delivery is one timer after its answer; a timer queued after both has seen both.
      const delivered = () => new Promise((resolve) => setTimeout(resolve, 0));
      await report([match(key.value)], listening);
      await report([match(key.value)], listening);
      await delivered();
      expect(events).toEqual([
        expect.objectContaining({
          type: "revoked",
          why: "leak",
          url: FOUND_AT,
          keyId: key.id,
          actor: { type: "system" },
          atMillis: clock,
          owner: { type: "user", userId: "user-leak-events" },
        }),
      ]);
      const hash = Buffer.from(
        await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key.value)),
      ).toString("hex");
      expect(JSON.stringify(events)).not.toContain(key.value.slice(8));
      expect(JSON.stringify(events)).not.toContain(hash);
    });
  });

  describe("given tokens that are not working keys of ours", () => {
    it("answers false_positive for look-alikes, bad checksums and other prefixes, echoing their type", async () => {
      const key = await createKey(handler, { ownerId: "user-leak-4" });
      const broken = key.value.slice(0, -1) + (key.value.endsWith("A") ? "B" : "A");
      const other = generateApiKey({ prefix: "acme", isPublic: false });
      const answer = await report([
        { ...match("rak_sk_nope"), type: "something_else" },
        match(broken),
        match(other),
      ]);
      expect(answer.map((item) => [item.label, item.token_type])).toEqual([
        ["false_positive", "something_else"],
        ["false_positive", "rak_secret_api_key"],
        ["false_positive", "rak_secret_api_key"],
      ]);
      expect(await outcome(await check(handler, key.value))).toBe("OK");
    });

    it("answers true_positive for a key already revoked by a person, keeping that revocation", async () => {
      const key = await createKey(handler, { ownerId: "user-leak-5" });
      const revokedAt = clock;
      await handler(
        new Request(`http://api.test/api/v1/user-api-keys/${key.id}`, {
          method: "PATCH",
          headers: {
            "content-type": "application/json",
            "x-stack-project-id": sampleHandlerOptions(store).projectId,
            "x-stack-access-type": "server",
            "x-stack-secret-server-key": sampleHandlerOptions(store).secretServerKey,
          },
          body: JSON.stringify({ revoked: true }),
        }),
      );
      clock += 1000;
      expect((await report([match(key.value)]))[0]!.label).toBe("true_positive");
      const read = await readKey(handler, key);
      expect(read.manually_revoked_at_millis).toBe(revokedAt);
      expect(read.revoked_reason).toBeUndefined();
      expect(read.leak_url).toBe(FOUND_AT);
    });
  });

  describe("with action flag", () => {
    it("records the report but leaves the key working", async () => {
      const flagging = make({ action: "flag" });
      const key = await createKey(flagging, { ownerId: "user-leak-6" });
      expect((await report([match(key.value)], flagging))[0]!.label).toBe("true_positive");
      const read = await readKey(flagging, key);
      expect(read).toMatchObject({ leaked_at_millis: clock, leak_url: FOUND_AT });
      expect(read.manually_revoked_at_millis).toBeUndefined();
      expect(read.revoked_reason).toBeUndefined();
      expect(await outcome(await check(flagging, key.value))).toBe("OK");
    });
  });

  describe("with feedback token_hash", () => {
    it("answers the SHA-256 of each token instead of the token", async () => {
      const hashing = make({ feedback: "token_hash" });
      const key = await createKey(hashing, { ownerId: "user-leak-7" });
      const [item] = await report([match(key.value)], hashing);
      const digest = Buffer.from(
        await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key.value)),
      ).toString("hex");
      expect(item).toEqual({ token_hash: digest, token_type: "rak_secret_api_key", label: "true_positive" });
      expect(JSON.stringify(item)).not.toContain(key.value);
    });
  });

  describe("refuses, changing nothing and never naming a token,", () => {
    let key: { id: string; type: "user"; value: string };
    const refused: string[] = [];
    beforeAll(async () => {
      key = { ...(await createKey(handler, { ownerId: "user-leak-8" })), type: "user" };
    });
    afterAll(async () => {
      expect(await outcome(await check(handler, key.value))).toBe("OK");
      expect((await readKey(handler, key)).leaked_at_millis).toBeUndefined();
      for (const text of refused) expect(text).not.toContain(key.value.slice(8));
      expect(errors.map(String).join("\n")).not.toContain(key.value.slice(8));
    });
    const refuse = async (answer: Response, status: number, code: string) => {
      const text = await answer.text();
      refused.push(text);
      expect(answer.status, text).toBe(status);
      expect(JSON.parse(text).code).toBe(code);
    };

    it("a report without the signature headers (401)", async () => {
      const body = JSON.stringify([match(key.value)]);
      await refuse(
        await post(body, { "content-type": "application/json" }),
        401,
        "SECRET_SCANNING_SIGNATURE_INVALID",
      );
    });

    it("a report whose body was changed after signing (401)", async () => {
      const body = JSON.stringify([match(key.value)]);
      const headers = await scanner.sign(body);
      await refuse(
        await post(body.replace(FOUND_AT, "https://x"), headers),
        401,
        "SECRET_SCANNING_SIGNATURE_INVALID",
      );
    });

    it("a signature that is not DER, or signed by a key the document does not list (401)", async () => {
      const body = JSON.stringify([match(key.value)]);
      const headers = await scanner.sign(body);
      await refuse(
        await post(body, { ...headers, "github-public-key-signature": "bm90IGEgc2lnbmF0dXJl" }),
        401,
        "SECRET_SCANNING_SIGNATURE_INVALID",
      );
      const unlisted = await scanner.rotate({ publish: false });
      await refuse(
        await post(body, await scanner.sign(body, unlisted)),
        401,
        "SECRET_SCANNING_SIGNATURE_INVALID",
      );
    });

    it("a batch over maxTokens (413) and a body over maxBodyBytes (413)", async () => {
      const small = make({ maxTokens: 2, maxBodyBytes: 4096 });
      await refuse(
        await post(JSON.stringify([match(key.value), match("a"), match("b")]), undefined, small),
        413,
        "BODY_TOO_LARGE",
      );
      await refuse(
        await post(JSON.stringify([match(key.value, "https://x/" + "a".repeat(5000))]), undefined, small),
        413,
        "BODY_TOO_LARGE",
      );
    });

    it("malformed JSON, and JSON of the wrong shape (400)", async () => {
      await refuse(await post(`[${JSON.stringify(match(key.value))}`), 400, "BODY_PARSING_ERROR");
      await refuse(await post(JSON.stringify({ token: key.value })), 400, "SCHEMA_ERROR");
      await refuse(
        await post(JSON.stringify([match(key.value), { token: 5, type: "x" }])),
        400,
        "SCHEMA_ERROR",
      );
      await refuse(await post(JSON.stringify([{ ...match(key.value), url: 7 }])), 400, "SCHEMA_ERROR");
    });

    it("any method but POST (405)", async () => {
      const answer = await handler(new Request(ENDPOINT, { method: "GET" }));
      await refuse(answer, 405, "METHOD_NOT_ALLOWED");
    });
  });
});

describe("the public keys document", () => {
  let scanner: LocalScanner;
  let handler: ApiKeysHandler;
  let store: ApiKeyStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await storeFactories[0]!.create());
    scanner = await startLocalScanner();
    handler = createApiKeysHandler(
      sampleHandlerOptions(store, { secretScanning: { publicKeysUrl: scanner.url } }),
    );
  });
  afterAll(async () => {
    await scanner.close();
    await cleanup();
  });
  const post = async (body: string, keyId?: string) =>
    handler(new Request(ENDPOINT, { method: "POST", headers: await scanner.sign(body, keyId), body }));

  it("is fetched once and cached, fetched again once for a rotated key, and not again within the floor", async () => {
    const body = JSON.stringify([match("rak_sk_x")]);
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200);
    expect(scanner.fetches).toBe(1);
    // GitHub rotates: the new key is listed only in a document fetched after it was made.
    await scanner.rotate({ dropOld: true });
    expect((await post(body)).status).toBe(200);
    expect(scanner.fetches).toBe(2);
    // Another unknown key within the floor: refused without a fetch.
    const later = await scanner.rotate();
    const refused = await post(body, later);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain("No public key");
    expect(scanner.fetches).toBe(2);
  });

  it("answers 503 when the document cannot be fetched, and recovers", async () => {
    const down = createApiKeysHandler(
      sampleHandlerOptions(store, {
        secretScanning: {
          publicKeysUrl: scanner.url,
          fetch: async () => new Response("no", { status: 502 }),
        },
      }),
    );
    const body = JSON.stringify([match("rak_sk_x")]);
    const answer = await down(
      new Request(ENDPOINT, { method: "POST", headers: await scanner.sign(body), body }),
    );
    expect(answer.status).toBe(503);
    expect((await answer.json()).code).toBe("SECRET_SCANNING_KEYS_UNAVAILABLE");
  });

  it("is off without the option: the path is an unknown route", async () => {
    const plain = createApiKeysHandler(sampleHandlerOptions(store));
    const body = JSON.stringify([match("rak_sk_x")]);
    const answer = await plain(
      new Request(ENDPOINT, { method: "POST", headers: await scanner.sign(body), body }),
    );
    expect(answer.status).toBe(404);
  });
});
