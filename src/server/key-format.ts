// Key strings look like `rak_sk_<33 random base62 chars><6 base62 chars of CRC32>`.
// The prefix names the app and the marker tells a public key (`pk`) from a secret one (`sk`), so a secret
// scanner can match them; the checksum lets it drop look-alikes without asking the server.

import { sha256Hex } from "./sha256.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 33 base62 characters carry 196 bits, just over the 192 asked for. */
export const API_KEY_BODY_LENGTH = 33;
/** 62^6 > 2^32, so six characters hold any CRC32. */
export const API_KEY_CHECKSUM_LENGTH = 6;
export const DEFAULT_KEY_PREFIX = "rak";
export const KEY_PREFIX_PATTERN = /^[a-z][a-z0-9]{1,15}$/;
/** Any well-formed key, whatever its prefix; groups: prefix, marker, body, checksum. */
export const API_KEY_PATTERN = /^([a-z][a-z0-9]{1,15})_(sk|pk)_([0-9A-Za-z]{33})([0-9A-Za-z]{6})$/;

export interface ParsedApiKey {
  prefix: string;
  isPublic: boolean;
  body: string;
  checksum: string;
}

export function assertKeyPrefix(prefix: string): void {
  if (!KEY_PREFIX_PATTERN.test(prefix)) {
    throw new TypeError(
      `The key prefix ${JSON.stringify(prefix)} must be 2 to 16 lowercase letters or digits, starting with a letter.`,
    );
  }
}

export function generateApiKey({
  prefix = DEFAULT_KEY_PREFIX,
  isPublic,
}: {
  prefix?: string;
  isPublic: boolean;
}): string {
  assertKeyPrefix(prefix);
  const head = `${prefix}_${isPublic ? "pk" : "sk"}_${randomBase62(API_KEY_BODY_LENGTH)}`;
  return head + checksumOf(head);
}

/** Splits a key into its parts if it has the right shape and its checksum matches; `null` otherwise. */
export function parseApiKey(value: unknown): ParsedApiKey | null {
  if (typeof value !== "string") return null;
  const match = API_KEY_PATTERN.exec(value);
  if (!match) return null;
  const [, prefix = "", marker, body = "", checksum = ""] = match;
  if (checksumOf(value.slice(0, -API_KEY_CHECKSUM_LENGTH)) !== checksum) return null;
  return { prefix, isPublic: marker === "pk", body, checksum };
}

export function looksLikeApiKey(value: unknown, prefix?: string): value is string {
  const parsed = parseApiKey(value);
  return parsed !== null && (prefix === undefined || parsed.prefix === prefix);
}

/**
 * Whether the last six characters are the CRC32 of the rest (see `secretScanningPatterns`): how a scanner tells a
 * key of ours from a look-alike without asking the server. Also false for anything that is not key-shaped.
 */
export function hasValidChecksum(value: unknown): boolean {
  return parseApiKey(value) !== null;
}

/** One kind of key as a secret scanner should look for it. */
export interface SecretScanningPattern {
  /** The secret type's name to register (GitHub sends it as `type`; the endpoint answers it as `token_type`). */
  type: string;
  isPublic: boolean;
  /** Finds the key inside text (unanchored, word-bounded); no lookaround, which some scanners' engines lack. */
  pattern: RegExp;
}

/** The checksum rule, in words, for a scanner's registration form. */
export const API_KEY_CHECKSUM_RULE =
  "The last 6 characters are the CRC-32 (IEEE, as in zlib) of the UTF-8 bytes of everything before them, " +
  "written in base 62 with the digits 0-9A-Za-z, most significant first, zero-padded to 6.";

/** The patterns to register with a secret scanner (GitHub's partner program): one per kind of key. */
export function secretScanningPatterns(prefix = DEFAULT_KEY_PREFIX): SecretScanningPattern[] {
  assertKeyPrefix(prefix);
  const length = API_KEY_BODY_LENGTH + API_KEY_CHECKSUM_LENGTH;
  return [false, true].map((isPublic) => ({
    type: secretScanningType(prefix, isPublic),
    isPublic,
    pattern: new RegExp(`\\b${prefix}_${isPublic ? "pk" : "sk"}_[0-9A-Za-z]{${length}}\\b`),
  }));
}

export function secretScanningType(prefix: string, isPublic: boolean): string {
  return `${prefix}_${isPublic ? "public" : "secret"}_api_key`;
}

/** Lowercase hex SHA-256 of the whole key: what stores keep instead of the key. */
export async function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}

function randomBase62(length: number): string {
  let out = "";
  const bytes = new Uint8Array(length * 2);
  while (out.length < length) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      // 248 = 4 * 62: rejecting the top eight values keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

function checksumOf(text: string): string {
  let value = crc32(new TextEncoder().encode(text));
  let out = "";
  for (let i = 0; i < API_KEY_CHECKSUM_LENGTH; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

let crcTable: Uint32Array | undefined;

export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
