// Real key pairs, real signed tokens, and a JWKS served by node:http on loopback for the JWT suites.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, base64url, exportJWK, exportSPKI, generateKeyPair, type JWK, type JWTPayload } from "jose";

export const ISSUER = "https://issuer.test";
export const AUDIENCE = "react-api-keys-tests";

export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public JWK as a provider publishes it, with `kid`, `alg` and `use`. */
  jwk: JWK;
  spki: string;
}

let kids = 0;

export async function makeKey(alg: "RS256" | "ES256" | "PS256" = "RS256"): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `key-${++kids}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, alg, privateKey, publicKey, jwk, spki: await exportSPKI(publicKey) };
}

export interface TokenOptions {
  /** Seconds from now; `null` leaves `exp` out. Default 600. */
  expiresIn?: number | null;
  /** Seconds from now for `nbf`. */
  notBefore?: number;
  issuer?: string;
  audience?: string;
  /** A header `kid` other than the key's own; `null` leaves it out. */
  kid?: string | null;
  claims?: JWTPayload;
}

const seconds = () => Math.floor(Date.now() / 1000);

export function claimsFor(subject: string, options: TokenOptions = {}): JWTPayload {
  const now = seconds();
  const payload: JWTPayload = {
    sub: subject,
    iss: options.issuer ?? ISSUER,
    aud: options.audience ?? AUDIENCE,
    iat: now,
    ...options.claims,
  };
  const expiresIn = options.expiresIn === undefined ? 600 : options.expiresIn;
  if (expiresIn !== null) payload.exp = now + expiresIn;
  if (options.notBefore !== undefined) payload.nbf = now + options.notBefore;
  return payload;
}

export async function signToken(key: TestKey, subject: string, options: TokenOptions = {}): Promise<string> {
  const kid = options.kid === undefined ? key.kid : options.kid;
  return new SignJWT(claimsFor(subject, options))
    .setProtectedHeader({ alg: key.alg, typ: "JWT", ...(kid === null ? {} : { kid }) })
    .sign(key.privateKey);
}

export async function signWithSecret(
  secret: Uint8Array | string,
  subject: string,
  options: TokenOptions & { alg?: string } = {},
): Promise<string> {
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  return new SignJWT(claimsFor(subject, options))
    .setProtectedHeader({
      alg: options.alg ?? "HS256",
      typ: "JWT",
      ...(options.kid ? { kid: options.kid } : {}),
    })
    .sign(bytes);
}

/** An unsigned token (`alg: none`), as an attacker would write one by hand. */
export function unsignedToken(subject: string, header: Record<string, unknown> = {}): string {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part({ alg: "none", typ: "JWT", ...header })}.${part(claimsFor(subject))}.`;
}

export interface JwksServer {
  url: string;
  /** Requests the server has received. */
  hits: number;
  keys: JWK[];
  /** `ok` serves `keys`; `error` answers 500; `hang` never answers. */
  mode: "ok" | "error" | "hang";
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const server = createServer((request, response) => {
    jwks.hits++;
    if (jwks.mode === "hang") return;
    if (jwks.mode === "error" || request.url !== "/.well-known/jwks.json") {
      response.writeHead(jwks.mode === "error" ? 500 : 404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: jwks.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const jwks: JwksServer = {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    hits: 0,
    keys,
    mode: "ok",
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return jwks;
}
