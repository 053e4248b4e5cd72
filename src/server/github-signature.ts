// Verifies a report signed the way GitHub's secret scanning partner program signs them. From GitHub's docs
// ("Secret scanning partner program", docs.github.com/en/code-security/secret-scanning/
// secret-scanning-partnership-program/secret-scanning-partner-program): the headers `Github-Public-Key-Identifier`
// (which `key_identifier` of the keys document) and `Github-Public-Key-Signature` (base64 of an ASN.1 DER ECDSA
// signature, "ECDSA-NIST-P256V1-SHA256") over the raw body, "instead of parsing and stringifying the JSON"; the
// keys document at https://api.github.com/meta/public_keys/secret_scanning is
// `{public_keys: [{key_identifier, key (PEM), is_current}]}`.

import { KnownError } from "./errors.js";

export const GITHUB_SECRET_SCANNING_KEYS_URL = "https://api.github.com/meta/public_keys/secret_scanning";
/** An unknown key id fetches the document again at most this often; a signer cannot make us fetch it more. */
export const DEFAULT_KEYS_REFETCH_MILLIS = 60_000;

export interface SignatureKeysOptions {
  url: string;
  fetch: typeof fetch;
  refetchMillis: number;
}

/** Answers whether `body` is signed by the key `keyId` names, fetching and caching the keys document. */
export type SignatureVerifier = (keyId: string, signature: string, body: Uint8Array) => Promise<void>;

const unauthorized = (message: string) => new KnownError("SECRET_SCANNING_SIGNATURE_INVALID", message);

export function createSignatureVerifier({
  url,
  fetch,
  refetchMillis,
}: SignatureKeysOptions): SignatureVerifier {
  let keys: Map<string, CryptoKey> | null = null;
  let loading: Promise<Map<string, CryptoKey>> | null = null;
  // Not the handler's clock: a fixed clock in tests must not stop the document from ever being fetched again.
  let lastRefetch = -Infinity;

  const load = () => {
    // Concurrent reports share one fetch.
    loading ??= fetchKeys(url, fetch).finally(() => (loading = null));
    return loading.then((fetched) => (keys = fetched));
  };

  return async (keyId, signature, body) => {
    let key = (keys ?? (await load())).get(keyId);
    if (!key && Date.now() - lastRefetch >= refetchMillis) {
      // GitHub rotates its keys; a report signed by a new one arrives before our copy of the document has it.
      lastRefetch = Date.now();
      key = (await load()).get(keyId);
    }
    if (!key) throw unauthorized(`No public key with the identifier ${JSON.stringify(keyId)} is known.`);
    const raw = rawSignature(signature);
    if (!raw) throw unauthorized("Github-Public-Key-Signature is not a base64 DER ECDSA P-256 signature.");
    const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, raw, body as BufferSource);
    if (!ok) throw unauthorized("The signature does not match the body.");
  };
}

async function fetchKeys(url: string, fetcher: typeof fetch): Promise<Map<string, CryptoKey>> {
  const unavailable = (why: string) =>
    new KnownError("SECRET_SCANNING_KEYS_UNAVAILABLE", `The public keys could not be read: ${why}.`);
  let document: unknown;
  try {
    const answer = await fetcher(url, { headers: { accept: "application/json" } });
    if (!answer.ok) throw unavailable(`${url} answered ${answer.status}`);
    document = await answer.json();
  } catch (error) {
    throw error instanceof KnownError ? error : unavailable(`${url} could not be fetched`);
  }
  const list = (document as { public_keys?: unknown } | null)?.public_keys;
  if (!Array.isArray(list)) throw unavailable(`${url} has no public_keys list`);
  const keys = new Map<string, CryptoKey>();
  for (const entry of list as { key_identifier?: unknown; key?: unknown }[]) {
    if (typeof entry?.key_identifier !== "string" || typeof entry.key !== "string") continue;
    const der = pemBody(entry.key);
    // A key we cannot read (another curve, a broken PEM) cannot verify anything; the others still can.
    const key = der
      ? await crypto.subtle
          .importKey("spki", der, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"])
          .catch(() => null)
      : null;
    if (key) keys.set(entry.key_identifier, key);
  }
  return keys;
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function pemBody(pem: string): Uint8Array<ArrayBuffer> | null {
  const match = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem);
  return match ? base64Bytes(match[1]!.replace(/\s+/g, "")) : null;
}

/**
 * GitHub's DER `SEQUENCE { INTEGER r, INTEGER s }` as WebCrypto's 64 bytes r || s, or null if it is anything
 * else (long lengths, trailing bytes, an integer wider than 32 bytes).
 */
export function rawSignature(base64: string): Uint8Array<ArrayBuffer> | null {
  const der = base64Bytes(base64.trim());
  if (!der || der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const out = new Uint8Array(64);
  let at = 2;
  for (const offset of [0, 32]) {
    if (der[at] !== 0x02) return null;
    const length = der[at + 1]!;
    let value = der.subarray(at + 2, at + 2 + length);
    if (length === 0 || length > 33 || value.length !== length) return null;
    at += 2 + length;
    // DER adds a zero byte before an integer whose top bit is set; it is not part of the value.
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32) return null;
    out.set(value, offset + 32 - value.length);
  }
  return at === der.length ? out : null;
}
