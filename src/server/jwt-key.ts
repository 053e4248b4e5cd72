import { base64url, importJWK, importSPKI, importX509, type JWK } from "jose";

export const ASYMMETRIC_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];
export const SECRET_ALGORITHMS = ["HS256", "HS384", "HS512"];

/** A shared secret (string or bytes), a PEM public key or certificate, a JWK, or a WebCrypto key. */
export type JwtKey = string | Uint8Array | JWK | CryptoKey;

type VerifyKey = CryptoKey | Uint8Array;

/** The algorithms a key verifies, each with the key imported for it. */
export type PreparedKey = Map<string, VerifyKey>;

/**
 * Sorts the key into a secret or a public key synchronously, so a wrong option fails at start-up; the
 * import itself is asynchronous, so it answers a promise of the usable algorithms.
 */
export function prepareKey(key: JwtKey, algorithms: string[] | undefined): Promise<PreparedKey> {
  const secret = secretBytes(key);
  if (secret) {
    const wanted = algorithms ?? SECRET_ALGORITHMS;
    const asymmetric = wanted.filter((alg) => !SECRET_ALGORITHMS.includes(alg));
    if (asymmetric.length > 0) {
      throw new TypeError(
        `jwtSessions: a shared secret verifies HS256, HS384 or HS512 only, not ${asymmetric}.`,
      );
    }
    return Promise.resolve(new Map(wanted.map((alg) => [alg, secret])));
  }
  const wanted = algorithms ?? ASYMMETRIC_ALGORITHMS;
  const symmetric = wanted.filter((alg) => SECRET_ALGORITHMS.includes(alg));
  if (symmetric.length > 0) {
    // A public key used as an HMAC secret would let anyone who has it sign tokens.
    throw new TypeError(`jwtSessions: ${symmetric} need a shared secret, not a public key.`);
  }
  const importer = publicKeyImporter(key);
  return (async () => {
    const usable: PreparedKey = new Map();
    for (const alg of wanted) {
      const imported = await importer(alg).catch(() => null);
      if (imported) usable.set(alg, imported);
    }
    if (usable.size === 0) {
      throw new TypeError(`jwtSessions: the key cannot verify any of ${wanted.join(", ")}.`);
    }
    return usable;
  })();
}

function secretBytes(key: JwtKey): Uint8Array | null {
  if (typeof key === "string") {
    if (key.trimStart().startsWith("-----BEGIN")) return null;
    return nonEmpty(new TextEncoder().encode(key));
  }
  if (key instanceof Uint8Array) return nonEmpty(key);
  if (isJwk(key) && key.kty === "oct") return nonEmpty(base64url.decode(key.k ?? ""));
  return null;
}

function nonEmpty(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw new TypeError("jwtSessions: the shared secret is empty.");
  return bytes;
}

function publicKeyImporter(key: JwtKey): (alg: string) => Promise<CryptoKey> {
  if (typeof key === "string") {
    const pem = key.trim();
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
      throw new TypeError("jwtSessions: pass the public key, not the private one.");
    }
    if (pem.startsWith("-----BEGIN CERTIFICATE-----")) return (alg) => importX509(pem, alg);
    if (pem.startsWith("-----BEGIN PUBLIC KEY-----")) return (alg) => importSPKI(pem, alg);
    throw new TypeError("jwtSessions: a PEM key must be a PUBLIC KEY or a CERTIFICATE.");
  }
  if (isCryptoKey(key)) {
    if (key.type !== "public") throw new TypeError("jwtSessions: pass the public key, not the private one.");
    // jose refuses an algorithm the key was not made for, so trying each one sorts them out.
    return (alg) => (cryptoKeyFits(key, alg) ? Promise.resolve(key) : Promise.reject(new Error(alg)));
  }
  if (isJwk(key)) {
    if ("d" in key) throw new TypeError("jwtSessions: pass the public JWK, not the private one.");
    return async (alg) => {
      if (key.alg !== undefined && key.alg !== alg) throw new Error(alg);
      const imported = await importJWK({ ...key, ext: true }, alg);
      if (imported instanceof Uint8Array) throw new Error(alg);
      return imported;
    };
  }
  throw new TypeError("jwtSessions: `key` must be a string, a Uint8Array, a JWK or a CryptoKey.");
}

function isJwk(key: JwtKey): key is JWK {
  return typeof key === "object" && key !== null && typeof (key as JWK).kty === "string";
}

function isCryptoKey(key: JwtKey): key is CryptoKey {
  return typeof CryptoKey !== "undefined" && key instanceof CryptoKey;
}

const HASH = { "256": "SHA-256", "384": "SHA-384", "512": "SHA-512" } as Record<string, string>;
const CURVE = { ES256: "P-256", ES384: "P-384", ES512: "P-521" } as Record<string, string>;

function cryptoKeyFits(key: CryptoKey, alg: string): boolean {
  const algorithm = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string };
  const hash = HASH[alg.slice(2)];
  if (alg.startsWith("RS")) return algorithm.name === "RSASSA-PKCS1-v1_5" && algorithm.hash?.name === hash;
  if (alg.startsWith("PS")) return algorithm.name === "RSA-PSS" && algorithm.hash?.name === hash;
  if (alg.startsWith("ES")) return algorithm.name === "ECDSA" && algorithm.namedCurve === CURVE[alg];
  return algorithm.name === "Ed25519";
}
