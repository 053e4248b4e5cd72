import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from "jose";
import { AuthenticationUnavailableError, isAuthenticationUnavailable } from "./errors.js";
import { ASYMMETRIC_ALGORITHMS, SECRET_ALGORITHMS, prepareKey, type JwtKey } from "./jwt-key.js";

export type { JwtKey } from "./jwt-key.js";
export type { JWTPayload } from "jose";

export interface JwtSessionsOptions {
  /** Where the identity provider publishes its public keys, e.g. `https://…/.well-known/jwks.json`. */
  jwksUrl?: string | URL;
  /** Instead of `jwksUrl`: a shared HS256 secret (string or bytes), a PEM public key, a JWK or a CryptoKey. */
  key?: JwtKey;
  /** The `iss` the tokens must carry; one of several if a list. */
  issuer?: string | string[];
  /** The `aud` the tokens must carry; one of several if a list. */
  audience?: string | string[];
  /** Leeway for `exp` and `nbf` against this server's clock; default 5 seconds. */
  clockToleranceSec?: number;
  /**
   * Where the user id is: a claim name, a dotted path into the payload (`app_metadata.user_id`), or a function
   * of the verified payload; default `sub`. Anything but a non-empty string refuses the token.
   */
  userIdClaim?: string | ((payload: JWTPayload) => unknown);
  /** Accepted `alg` values; default every asymmetric one with a JWKS or a public key, HS256/384/512 with a secret. */
  algorithms?: string[];
  /** How long one JWKS fetch may take; default 5000. */
  jwksTimeoutMs?: number;
  /** After a fetch, how long a token with an unknown `kid` is refused without fetching again; default 30000. */
  jwksCooldownMs?: number;
  /** How long a fetched JWKS is used before it is fetched again; default 600000 (10 minutes). */
  jwksMaxAgeMs?: number;
}

/** An `authenticateUser` for `createApiKeysHandler`. */
export type JwtAuthenticateUser = (accessToken: string) => Promise<string | null>;

type Verify = (token: string) => Promise<JWTPayload>;

/**
 * An `authenticateUser` that accepts a signed JWT (JWS) session token: the user id for a valid token, `null`
 * for any token that is not (401). A JWKS that cannot be fetched throws `AuthenticationUnavailableError`
 * (503, and `onError` hears it), so an outage is not mistaken for bad tokens. Tokens must carry `exp`.
 */
export function jwtSessions(options: JwtSessionsOptions): JwtAuthenticateUser {
  const algorithms = checkAlgorithms(options.algorithms);
  const tolerance = options.clockToleranceSec ?? 5;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new TypeError("jwtSessions: clockToleranceSec must be a number of seconds, 0 or more.");
  }
  const claims: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: tolerance,
    requiredClaims: ["exp"],
  };
  const readUserId = userIdReader(options.userIdClaim ?? "sub");

  let verify: Verify;
  if (options.jwksUrl !== undefined && options.key !== undefined) {
    throw new TypeError("jwtSessions: give either jwksUrl or key, not both.");
  } else if (options.jwksUrl !== undefined) {
    verify = jwksVerifier(options, algorithms, claims);
  } else if (options.key !== undefined) {
    verify = keyVerifier(options.key, algorithms, claims);
  } else {
    throw new TypeError("jwtSessions needs a jwksUrl or a key.");
  }

  return async (accessToken) => {
    if (typeof accessToken !== "string" || accessToken === "") return null;
    let payload: JWTPayload;
    try {
      payload = await verify(accessToken);
    } catch (error) {
      if (isAuthenticationUnavailable(error) || error instanceof ConfigurationError) throw error;
      return null;
    }
    const id = readUserId(payload);
    return typeof id === "string" && id !== "" ? id : null;
  };
}

function checkAlgorithms(algorithms: string[] | undefined): string[] | undefined {
  if (algorithms === undefined) return undefined;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new TypeError("jwtSessions: algorithms must be a non-empty list.");
  }
  for (const alg of algorithms) {
    if (![...ASYMMETRIC_ALGORITHMS, ...SECRET_ALGORITHMS].includes(alg)) {
      // `none` lands here too: an unsigned token is never a session.
      throw new TypeError(`jwtSessions: the algorithm ${JSON.stringify(alg)} is not supported.`);
    }
  }
  return algorithms;
}

function jwksVerifier(
  options: JwtSessionsOptions,
  algorithms: string[] | undefined,
  claims: JWTVerifyOptions,
) {
  const url = new URL(options.jwksUrl!);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new TypeError("jwtSessions: jwksUrl must be an https URL (http only on loopback).");
  }
  if (algorithms?.some((alg) => SECRET_ALGORITHMS.includes(alg))) {
    throw new TypeError(
      "jwtSessions: a JWKS holds public keys; HS256/384/512 need `key` with the shared secret.",
    );
  }
  const remote = createRemoteJWKSet(url, {
    timeoutDuration: options.jwksTimeoutMs,
    cooldownDuration: options.jwksCooldownMs,
    cacheMaxAge: options.jwksMaxAgeMs,
  });
  const keyFor: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      // These are about the token (its `kid` or `alg`); anything else is about fetching or reading the set.
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys ||
        error instanceof errors.JOSENotSupported
      ) {
        throw error;
      }
      throw new AuthenticationUnavailableError(`The JWKS at ${url.href} cannot be used: ${String(error)}`, {
        cause: error,
      });
    }
  };
  const verifyOptions = { ...claims, algorithms: algorithms ?? ASYMMETRIC_ALGORITHMS };
  return async (token: string) => {
    try {
      return (await jwtVerify(token, keyFor, verifyOptions)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      // A token without `kid` while the set holds several keys of its type (say, during a rotation).
      for await (const candidate of error) {
        try {
          return (await jwtVerify(token, candidate, verifyOptions)).payload;
        } catch {
          // Try the next one.
        }
      }
      throw error;
    }
  };
}

function keyVerifier(key: JwtKey, algorithms: string[] | undefined, claims: JWTVerifyOptions): Verify {
  const prepared = prepareKey(key, algorithms).catch((error: unknown) => {
    throw new ConfigurationError(error instanceof Error ? error.message : String(error), { cause: error });
  });
  prepared.catch(() => {}); // Reported on each call; not an unhandled rejection at start-up.
  return async (token) => {
    const usable = await prepared;
    const keyFor: JWTVerifyGetKey = (header) => usable.get(header.alg!)!;
    return (await jwtVerify(token, keyFor, { ...claims, algorithms: [...usable.keys()] })).payload;
  };
}

/** A key that cannot be used at all: the server's fault, never the token's, so it is not answered as `null`. */
class ConfigurationError extends TypeError {
  override name = "ConfigurationError";
}

function userIdReader(claim: string | ((payload: JWTPayload) => unknown)): (payload: JWTPayload) => unknown {
  if (typeof claim === "function") return claim;
  if (typeof claim !== "string" || claim === "") {
    throw new TypeError("jwtSessions: userIdClaim must be a claim name, a dotted path or a function.");
  }
  const path = claim.split(".");
  return (payload) => {
    // A claim whose own name has dots (`https://example.com/user_id`) wins over a path.
    if (Object.hasOwn(payload, claim)) return payload[claim];
    let value: unknown = payload;
    for (const part of path) {
      if (typeof value !== "object" || value === null || !Object.hasOwn(value, part)) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  };
}
