import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiKeysError, createApiKeysClient } from "../../../src/client/index.js";
import { AuthenticationUnavailableError } from "../../../src/server/errors.js";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { jwtSessions } from "../../../src/server/jwt.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import {
  AUDIENCE,
  ISSUER,
  makeKey,
  signToken,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from "./jwt-support.js";

const MINUTE = 60_000;

let key: TestKey;
let jwks: JwksServer;

beforeEach(async () => {
  key = await makeKey("ES256");
  jwks = await startJwksServer([key.jwk]);
});
afterEach(async () => {
  vi.useRealTimers();
  await jwks.close();
});

function authenticator(extra: { jwksTimeoutMs?: number } = {}) {
  return jwtSessions({ jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, ...extra });
}

/** Moves only `Date`, which is what the JWKS cache and the token checks read; real timers keep running. */
function freezeClock() {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  return (ms: number) => vi.setSystemTime(Date.now() + ms);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (error: unknown) => error,
  );
}

describe("the JWKS cache", () => {
  it("fetches the set once for many verifications, concurrent ones included", async () => {
    const authenticate = authenticator();
    const tokens = await Promise.all(["a", "b", "c", "d", "e"].map((user) => signToken(key, user)));
    expect(await Promise.all(tokens.map(authenticate))).toEqual(["a", "b", "c", "d", "e"]);
    for (const token of tokens) await authenticate(token);
    expect(jwks.hits).toBe(1);
  });

  it("does not let tokens with made-up kids make it fetch again within the cooldown", async () => {
    const authenticate = authenticator();
    await authenticate(await signToken(key, "alice"));
    for (let i = 0; i < 5; i++)
      expect(await authenticate(await signToken(key, "eve", { kid: `made-up-${i}` }))).toBeNull();
    expect(jwks.hits).toBe(1);
  });

  it("fetches the set again once it is ten minutes old", async () => {
    const advance = freezeClock();
    const authenticate = authenticator();
    expect(await authenticate(await signToken(key, "alice"))).toBe("alice");
    advance(9 * MINUTE);
    expect(await authenticate(await signToken(key, "alice"))).toBe("alice");
    expect(jwks.hits).toBe(1);
    advance(2 * MINUTE);
    expect(await authenticate(await signToken(key, "alice"))).toBe("alice");
    expect(jwks.hits).toBe(2);
  });
});

describe("given the provider rotates its keys", () => {
  it("accepts a token with the new kid after refetching, and refuses the removed key's tokens once refetched", async () => {
    const advance = freezeClock();
    const authenticate = authenticator();
    expect(await authenticate(await signToken(key, "alice"))).toBe("alice");

    const next = await makeKey("ES256");
    jwks.keys = [next.jwk];
    // Within the cooldown a new kid is not fetched for; after it, the first token with it triggers the refetch.
    expect(await authenticate(await signToken(next, "bob"))).toBeNull();
    expect(jwks.hits).toBe(1);
    advance(31_000);
    expect(await authenticate(await signToken(next, "bob"))).toBe("bob");
    expect(jwks.hits).toBe(2);
    expect(await authenticate(await signToken(key, "alice"))).toBeNull();
  });
});

describe("given the JWKS cannot be fetched", () => {
  it("throws AuthenticationUnavailableError instead of answering null", async () => {
    jwks.mode = "error";
    const error = await rejection(authenticator()(await signToken(key, "alice")));
    expect(error).toBeInstanceOf(AuthenticationUnavailableError);
    expect(String(error)).toContain(jwks.url);
  });

  it("throws it when the server does not answer in time", async () => {
    jwks.mode = "hang";
    const error = await rejection(authenticator({ jwksTimeoutMs: 200 })(await signToken(key, "alice")));
    expect(error).toBeInstanceOf(AuthenticationUnavailableError);
  });

  it("throws it when nothing listens at the URL", async () => {
    const token = await signToken(key, "alice");
    const authenticate = authenticator();
    await jwks.close();
    await expect(authenticate(token)).rejects.toBeInstanceOf(AuthenticationUnavailableError);
  });

  it("recovers once the server answers again", async () => {
    const token = await signToken(key, "alice");
    const authenticate = authenticator();
    jwks.mode = "error";
    await expect(authenticate(token)).rejects.toBeInstanceOf(AuthenticationUnavailableError);
    jwks.mode = "ok";
    expect(await authenticate(token)).toBe("alice");
  });

  it("throws it when the set served is not a JWKS", async () => {
    jwks.keys = "not keys" as never;
    await expect(authenticator()(await signToken(key, "alice"))).rejects.toBeInstanceOf(
      AuthenticationUnavailableError,
    );
  });

  it("keeps verifying with the cached set while it is fresh", async () => {
    const authenticate = authenticator();
    expect(await authenticate(await signToken(key, "alice"))).toBe("alice");
    jwks.mode = "error";
    expect(await authenticate(await signToken(key, "bob"))).toBe("bob");
  });
});

describe("through the handler and the client", () => {
  const project = { projectId: "proj_jwt", publishableClientKey: "pck_jwt", secretServerKey: "ssk_jwt" };

  function setup(getAccessToken: () => string | null) {
    const onError = vi.fn();
    const handler = createApiKeysHandler({
      ...project,
      store: memoryStore(),
      authenticateUser: authenticator(),
      canManageTeamKeys: () => false,
      onError,
    });
    const client = createApiKeysClient({
      ...project,
      baseUrl: "http://api.test",
      fetch: async (input, init) => handler(new Request(input, init)),
      getAccessToken,
    });
    return { client, onError };
  }

  it("lets a user with a real JWT create and list their keys; a forged token gets 401", async () => {
    let token: string | null = await signToken(key, "user-42");
    const { client } = setup(() => token);
    const created = await client.me.createApiKey({ description: "deploys", expiresAt: null });
    expect(created.userId).toBe("user-42");
    expect((await client.me.listApiKeys()).map((k) => k.id)).toEqual([created.id]);

    const forger = await makeKey("ES256");
    token = await signToken(forger, "user-42", { kid: key.kid });
    const error = await rejection(client.me.listApiKeys());
    expect(error).toBeInstanceOf(ApiKeysError);
    expect(error).toMatchObject({ status: 401, code: "UNPARSABLE_ACCESS_TOKEN" });
  });

  it("answers 503 AUTHENTICATION_UNAVAILABLE, told to onError, while the JWKS is down", async () => {
    const token = await signToken(key, "user-42");
    const { client, onError } = setup(() => token);
    jwks.mode = "error";
    const error = await rejection(client.me.listApiKeys());
    expect(error).toMatchObject({ status: 503, code: "AUTHENTICATION_UNAVAILABLE" });
    expect(onError).toHaveBeenCalledWith(expect.any(AuthenticationUnavailableError));
  });
});
