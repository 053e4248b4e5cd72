import { describe, expect, it } from "vitest";
import { memoryStore } from "../../../src/server/memory-store.js";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import {
  API_KEY_CHECKSUM_RULE,
  crc32,
  hasValidChecksum,
  secretScanningPatterns,
} from "../../../src/server/key-format.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import { createKey } from "../../support/server-calls.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const randomBase62 = (length: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => ALPHABET[byte % 62]).join("");

describe("the patterns to register with a secret scanner", () => {
  it("has one per kind of key, named per kind", () => {
    expect(secretScanningPatterns("acme").map(({ type, isPublic }) => [type, isPublic])).toEqual([
      ["acme_secret_api_key", false],
      ["acme_public_api_key", true],
    ]);
    expect(() => secretScanningPatterns("Bad-Prefix")).toThrow(/prefix/);
  });

  it("matches every key the server issues, of its own kind only, and each passes the checksum", async () => {
    const handler = createApiKeysHandler(sampleHandlerOptions(memoryStore(), { keyPrefix: "acme" }));
    const [secret, pub] = secretScanningPatterns("acme");
    for (let i = 0; i < 50; i++) {
      const isPublic = i % 2 === 1;
      const type = i % 3 === 0 ? "team" : "user";
      const { value } = await createKey(handler, { isPublic, type, ownerId: `${type}-${i}` });
      const [own, other] = isPublic ? [pub!, secret!] : [secret!, pub!];
      // Found inside text, as a scanner reads a file.
      expect(own.pattern.exec(`token = "${value}";`)?.[0]).toBe(value);
      expect(other.pattern.test(value)).toBe(false);
      expect(hasValidChecksum(value)).toBe(true);
    }
  });

  it("does not match a longer run of key characters, or another prefix", () => {
    const [secret] = secretScanningPatterns();
    expect(secret!.pattern.test(`rak_sk_${randomBase62(40)}`)).toBe(false);
    expect(secret!.pattern.test(`xrak_sk_${randomBase62(39)}`)).toBe(false);
    expect(secret!.pattern.test(`rak_sk_${randomBase62(39)}`)).toBe(true);
  });

  it("lets almost no random string of the right shape pass the checksum", () => {
    const [secret] = secretScanningPatterns();
    let passed = 0;
    for (let i = 0; i < 100_000; i++) {
      const candidate = `rak_sk_${randomBase62(39)}`;
      expect(secret!.pattern.test(candidate)).toBe(true);
      if (hasValidChecksum(candidate)) passed++;
    }
    // One in 62^6 / 2^32 ≈ 13 by shape alone, then 1 in 2^32: the expected count is about 2e-6.
    expect(passed).toBeLessThanOrEqual(1);
  });

  it("follows the rule it states in words", () => {
    expect(API_KEY_CHECKSUM_RULE).toMatch(/CRC-32/);
    const head = `rak_sk_${randomBase62(33)}`;
    let value = crc32(new TextEncoder().encode(head));
    let checksum = "";
    for (let i = 0; i < 6; i++) {
      checksum = ALPHABET[value % 62] + checksum;
      value = Math.floor(value / 62);
    }
    expect(hasValidChecksum(head + checksum)).toBe(true);
    expect(hasValidChecksum(head + checksum.split("").reverse().join(""))).toBe(
      checksum === checksum.split("").reverse().join(""),
    );
  });
});
