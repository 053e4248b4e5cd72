import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwtSessions, type JwtSessionsOptions } from "../../../src/server/jwt.js";
import {
  AUDIENCE,
  ISSUER,
  makeKey,
  signToken,
  signWithSecret,
  startJwksServer,
  unsignedToken,
  type JwksServer,
  type TestKey,
} from "./jwt-support.js";

let rsa: TestKey;
let ec: TestKey;
let stranger: TestKey;
let jwks: JwksServer;

beforeAll(async () => {
  [rsa, ec, stranger] = await Promise.all([makeKey("RS256"), makeKey("ES256"), makeKey("RS256")]);
  jwks = await startJwksServer([rsa.jwk, ec.jwk]);
});
afterAll(() => jwks.close());

function withJwks(options: Partial<JwtSessionsOptions> = {}) {
  return jwtSessions({ jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, ...options });
}

describe("jwtSessions with a JWKS", () => {
  describe("given a valid token", () => {
    it("answers its subject, for RS256 and ES256 keys of the set", async () => {
      const authenticate = withJwks();
      expect(await authenticate(await signToken(rsa, "alice"))).toBe("alice");
      expect(await authenticate(await signToken(ec, "bob"))).toBe("bob");
    });

    it("reads the user id from another claim, a dotted path, or a function", async () => {
      const claims = { uid: "u-1", app: { user: { id: "u-2" } }, "https://example.com/id": "u-3" };
      const token = await signToken(rsa, "alice", { claims });
      expect(await withJwks({ userIdClaim: "uid" })(token)).toBe("u-1");
      expect(await withJwks({ userIdClaim: "app.user.id" })(token)).toBe("u-2");
      expect(await withJwks({ userIdClaim: "https://example.com/id" })(token)).toBe("u-3");
      expect(await withJwks({ userIdClaim: (payload) => `${payload.sub}!` })(token)).toBe("alice!");
      expect(await withJwks({ userIdClaim: "app.user.missing" })(token)).toBeNull();
      expect(await withJwks({ userIdClaim: "app" })(token)).toBeNull(); // not a string
    });

    it("accepts any of several issuers or audiences", async () => {
      const token = await signToken(rsa, "alice", { issuer: "https://b.test", audience: "two" });
      expect(
        await withJwks({ issuer: ["https://a.test", "https://b.test"], audience: ["one", "two"] })(token),
      ).toBe("alice");
    });
  });

  describe("it refuses (null, never a throw)", () => {
    it("an unsigned token (alg: none), with or without a known kid", async () => {
      const authenticate = withJwks();
      expect(await authenticate(unsignedToken("alice"))).toBeNull();
      expect(await authenticate(unsignedToken("alice", { kid: rsa.kid }))).toBeNull();
    });

    it("an expired token, beyond the clock tolerance only", async () => {
      const lately = await signToken(rsa, "alice", { expiresIn: -3 });
      expect(await withJwks()(lately)).toBe("alice"); // default tolerance: 5 s
      expect(await withJwks({ clockToleranceSec: 0 })(lately)).toBeNull();
      expect(await withJwks()(await signToken(rsa, "alice", { expiresIn: -30 }))).toBeNull();
    });

    it("a token that is not valid yet (nbf), beyond the clock tolerance only", async () => {
      expect(await withJwks()(await signToken(rsa, "alice", { notBefore: 3 }))).toBe("alice");
      expect(await withJwks()(await signToken(rsa, "alice", { notBefore: 60 }))).toBeNull();
    });

    it("a token without exp", async () => {
      expect(await withJwks()(await signToken(rsa, "alice", { expiresIn: null }))).toBeNull();
    });

    it("a wrong issuer or audience", async () => {
      expect(await withJwks()(await signToken(rsa, "alice", { issuer: "https://evil.test" }))).toBeNull();
      expect(await withJwks()(await signToken(rsa, "alice", { audience: "another-app" }))).toBeNull();
    });

    it("a wrong signature: another key under a known kid, or a payload changed after signing", async () => {
      const authenticate = withJwks();
      expect(await authenticate(await signToken(stranger, "alice", { kid: rsa.kid }))).toBeNull();
      const [header, , signature] = (await signToken(rsa, "alice")).split(".");
      const bobToken = (await signToken(rsa, "bob")).split(".")[1];
      expect(await authenticate(`${header}.${bobToken}.${signature}`)).toBeNull();
    });

    it("a token signed by a key that is not in the set, with its own kid or none", async () => {
      const authenticate = withJwks();
      expect(await authenticate(await signToken(stranger, "alice"))).toBeNull();
      expect(await authenticate(await signToken(stranger, "alice", { kid: null }))).toBeNull();
    });

    it("an HS256 token, even one signed with the published public key as the secret", async () => {
      const authenticate = withJwks();
      expect(await authenticate(await signWithSecret(rsa.spki, "alice", { kid: rsa.kid }))).toBeNull();
      expect(await authenticate(await signWithSecret(JSON.stringify(rsa.jwk), "alice"))).toBeNull();
    });

    it("an algorithm left out of `algorithms`", async () => {
      expect(await withJwks({ algorithms: ["ES256"] })(await signToken(rsa, "alice"))).toBeNull();
      expect(await withJwks({ algorithms: ["ES256"] })(await signToken(ec, "bob"))).toBe("bob");
    });

    it("garbage, an empty string, a JWE-shaped token, or not a string at all", async () => {
      const authenticate = withJwks();
      for (const token of ["", "x", "a.b.c", "a.b.c.d.e", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..a.b.c"]) {
        expect(await authenticate(token)).toBeNull();
      }
      expect(await authenticate(42 as unknown as string)).toBeNull();
    });
  });

  it("takes the key without kid from a set holding several keys of its type", async () => {
    const other = await makeKey("RS256");
    const server = await startJwksServer([other.jwk, rsa.jwk]);
    try {
      const authenticate = jwtSessions({ jwksUrl: server.url, issuer: ISSUER, audience: AUDIENCE });
      expect(await authenticate(await signToken(rsa, "alice", { kid: null }))).toBe("alice");
      expect(await authenticate(await signToken(stranger, "alice", { kid: null }))).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe("jwtSessions with a key", () => {
  const secret = "a-shared-secret-of-at-least-thirty-two-bytes";

  it("verifies HS256 with a shared secret given as a string or as bytes", async () => {
    const token = await signWithSecret(secret, "alice", {});
    expect(await jwtSessions({ key: secret })(token)).toBe("alice");
    expect(await jwtSessions({ key: new TextEncoder().encode(secret) })(token)).toBe("alice");
    expect(await jwtSessions({ key: `${secret}x` })(token)).toBeNull();
    expect(await jwtSessions({ key: secret })(unsignedToken("alice"))).toBeNull();
  });

  it("checks issuer, audience and expiry as with a JWKS", async () => {
    const authenticate = jwtSessions({ key: secret, issuer: ISSUER, audience: AUDIENCE });
    expect(await authenticate(await signWithSecret(secret, "alice"))).toBe("alice");
    expect(
      await authenticate(await signWithSecret(secret, "alice", { issuer: "https://evil.test" })),
    ).toBeNull();
    expect(await authenticate(await signWithSecret(secret, "alice", { audience: "nope" }))).toBeNull();
    expect(await authenticate(await signWithSecret(secret, "alice", { expiresIn: -60 }))).toBeNull();
  });

  it("verifies with a PEM public key, a JWK or a CryptoKey, and never takes the PEM as an HMAC secret", async () => {
    const token = await signToken(rsa, "alice");
    for (const key of [rsa.spki, rsa.jwk, rsa.publicKey]) {
      const authenticate = jwtSessions({ key });
      expect(await authenticate(token)).toBe("alice");
      expect(await authenticate(await signToken(stranger, "alice", { kid: rsa.kid }))).toBeNull();
      expect(await authenticate(await signWithSecret(rsa.spki, "alice"))).toBeNull();
      expect(await authenticate(await signToken(ec, "alice"))).toBeNull();
    }
    expect(await jwtSessions({ key: ec.spki })(await signToken(ec, "bob"))).toBe("bob");
  });

  it("reports an unusable key on every call instead of answering null", async () => {
    const authenticate = jwtSessions({ key: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----" });
    await expect(authenticate(await signToken(rsa, "alice"))).rejects.toThrow(/cannot verify any of/);
  });
});

describe("jwtSessions refuses to start", () => {
  it.each<[string, JwtSessionsOptions, RegExp]>([
    ["without a key", {}, /needs a jwksUrl or a key/],
    ["with both", { jwksUrl: "https://a.test/jwks.json", key: "s" }, /either jwksUrl or key/],
    [
      "with alg none",
      { jwksUrl: "https://a.test/jwks.json", algorithms: ["none"] },
      /"none" is not supported/,
    ],
    ["with HS256 on a JWKS", { jwksUrl: "https://a.test/jwks.json", algorithms: ["HS256"] }, /shared secret/],
    ["with RS256 on a secret", { key: "secret", algorithms: ["RS256"] }, /HS256, HS384 or HS512 only/],
    [
      "with HS256 on a public key",
      { key: { kty: "RSA", n: "AQAB", e: "AQAB" }, algorithms: ["HS256"] },
      /not a public key/,
    ],
    ["with a plain-http JWKS", { jwksUrl: "http://issuer.test/jwks.json" }, /https/],
    [
      "with a private PEM",
      { key: "-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----" },
      /public key/,
    ],
    ["with a private JWK", { key: { kty: "EC", crv: "P-256", x: "a", y: "b", d: "c" } }, /public JWK/],
    ["with an empty secret", { key: "" }, /empty/],
    ["with a negative clock tolerance", { key: "s", clockToleranceSec: -1 }, /clockToleranceSec/],
  ])("%s", (_, options, message) => {
    expect(() => jwtSessions(options)).toThrow(message);
  });

  it("refuses a private CryptoKey", async () => {
    expect(() => jwtSessions({ key: rsa.privateKey })).toThrow(/public key/);
  });
});
