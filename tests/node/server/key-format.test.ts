import { describe, expect, it } from "vitest";
import {
  API_KEY_PATTERN,
  crc32,
  generateApiKey,
  hashApiKey,
  looksLikeApiKey,
  parseApiKey,
} from "../../../src/server/key-format.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

describe("the key format", () => {
  it("marks secret and public keys differently and passes its own check", () => {
    const secret = generateApiKey({ isPublic: false });
    const pub = generateApiKey({ prefix: "acme", isPublic: true });
    expect(secret).toMatch(/^rak_sk_[0-9A-Za-z]{39}$/);
    expect(pub).toMatch(/^acme_pk_[0-9A-Za-z]{39}$/);
    expect(parseApiKey(secret)).toMatchObject({ prefix: "rak", isPublic: false });
    expect(parseApiKey(pub)).toMatchObject({ prefix: "acme", isPublic: true });
    expect(looksLikeApiKey(pub, "acme")).toBe(true);
    expect(looksLikeApiKey(pub, "rak")).toBe(false);
  });

  it("carries at least 192 random bits", () => {
    const body = parseApiKey(generateApiKey({ isPublic: false }))!.body;
    expect(body.length * Math.log2(62)).toBeGreaterThanOrEqual(192);
    // Every character of the alphabet turns up, roughly as often as the others.
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      for (const char of parseApiKey(generateApiKey({ isPublic: false }))!.body) {
        counts.set(char, (counts.get(char) ?? 0) + 1);
      }
    }
    expect(counts.size).toBe(62);
    const expected = (2000 * body.length) / 62;
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.25);
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey({ isPublic: false })));
    expect(keys.size).toBe(1000);
  });

  it("rejects every one-character change by its checksum", () => {
    const key = generateApiKey({ isPublic: false });
    for (let i = 0; i < key.length; i++) {
      for (const replacement of ["0", "Z", "z", "_", "9"]) {
        if (replacement === key[i]) continue;
        const changed = key.slice(0, i) + replacement + key.slice(i + 1);
        expect(looksLikeApiKey(changed), changed).toBe(false);
      }
    }
    expect(looksLikeApiKey(key)).toBe(true);
  });

  it("rejects swapped markers, wrong lengths and non-strings", () => {
    const key = generateApiKey({ isPublic: false });
    expect(looksLikeApiKey(key.replace("_sk_", "_pk_"))).toBe(false);
    expect(looksLikeApiKey(key.slice(0, -1))).toBe(false);
    expect(looksLikeApiKey(key + "0")).toBe(false);
    expect(looksLikeApiKey(` ${key}`)).toBe(false);
    for (const value of [null, undefined, 42, {}, ["x"]]) expect(looksLikeApiKey(value)).toBe(false);
  });

  it("exports a pattern that names the parts", () => {
    const key = generateApiKey({ prefix: "shop", isPublic: true });
    const match = API_KEY_PATTERN.exec(key);
    expect(match?.slice(1, 3)).toEqual(["shop", "pk"]);
    expect(match?.[3]).toHaveLength(33);
    expect(match?.[4]).toHaveLength(6);
    expect(API_KEY_PATTERN.test("rak_xk_" + "a".repeat(39))).toBe(false);
    expect(API_KEY_PATTERN.test("Rak_sk_" + "a".repeat(39))).toBe(false);
  });

  it.each(["", "a", "1abc", "Abc", "ab-c", "a".repeat(17), "ab_c"])("refuses the prefix %j", (prefix) => {
    expect(() => generateApiKey({ prefix, isPublic: false })).toThrow(/prefix/);
  });

  it("computes the standard CRC32 and a base62 checksum of it", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    const key = generateApiKey({ isPublic: false });
    let value = crc32(new TextEncoder().encode(key.slice(0, -6)));
    let checksum = "";
    for (let i = 0; i < 6; i++) {
      checksum = ALPHABET[value % 62] + checksum;
      value = Math.floor(value / 62);
    }
    expect(key.slice(-6)).toBe(checksum);
  });

  it("hashes with SHA-256 in lowercase hex", async () => {
    expect(await hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes as crypto.subtle does, across block boundaries and for any UTF-8", async () => {
    const subtle = async (text: string) =>
      Array.from(
        new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))),
        (byte) => byte.toString(16).padStart(2, "0"),
      ).join("");
    const texts = [generateApiKey({ isPublic: false }), "é😀\u0000", ""];
    for (let length = 0; length <= 200; length++) {
      texts.push(
        Array.from({ length }, (_, i) => String.fromCharCode(32 + ((i * 31 + length) % 95))).join(""),
      );
    }
    for (const text of texts) expect(await hashApiKey(text)).toBe(await subtle(text));
  });
});
