// A stand-in for GitHub's secret scanning on this machine: its own ECDSA P-256 key pairs, their public keys served
// on loopback in the shape of https://api.github.com/meta/public_keys/secret_scanning, and reports signed the way
// GitHub signs them (base64 DER over the raw body). The demo and the tests use it; nothing leaves the machine.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

interface Pair {
  id: string;
  keys: CryptoKeyPair;
  pem: string;
}

export interface LocalScanner {
  /** The keys document's address, for the handler's `secretScanning.publicKeysUrl`. */
  url: string;
  /** How often the document was fetched. */
  fetches: number;
  /** The key ids the document lists now. */
  published: string[];
  /** Signs `body` with the newest published key (or the one named); answers GitHub's two headers. */
  sign(body: string, keyId?: string): Promise<Record<string, string>>;
  /** Makes a new key, listed from now on (the old ones stay unless `dropOld`); answers its id. */
  rotate(options?: { dropOld?: boolean; publish?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startLocalScanner(): Promise<LocalScanner> {
  const pairs: Pair[] = [];
  const server = createServer((request, response) => {
    scanner.fetches++;
    const listed = pairs.filter((pair) => scanner.published.includes(pair.id));
    const document = {
      public_keys: listed.map((pair, i) => ({
        key_identifier: pair.id,
        key: pair.pem,
        is_current: i === listed.length - 1,
      })),
    };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const scanner: LocalScanner = {
    url: `http://127.0.0.1:${port}/meta/public_keys/secret_scanning`,
    fetches: 0,
    published: [],
    async sign(body, keyId) {
      const current = scanner.published.at(-1);
      const pair = pairs.find((p) => p.id === (keyId ?? current));
      if (!pair) throw new Error(`No key ${keyId}`);
      const raw = new Uint8Array(
        await crypto.subtle.sign(
          { name: "ECDSA", hash: "SHA-256" },
          pair.keys.privateKey,
          new TextEncoder().encode(body),
        ),
      );
      return {
        "content-type": "application/json",
        "github-public-key-identifier": pair.id,
        "github-public-key-signature": Buffer.from(derSignature(raw)).toString("base64"),
      };
    },
    async rotate({ dropOld = false, publish = true } = {}) {
      const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
        "sign",
        "verify",
      ]);
      const spki = Buffer.from(await crypto.subtle.exportKey("spki", keys.publicKey)).toString("base64");
      const pem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join("\n")}\n-----END PUBLIC KEY-----\n`;
      const id = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
      pairs.push({ id, keys, pem });
      if (dropOld) scanner.published = [];
      if (publish) scanner.published.push(id);
      return id;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  await scanner.rotate();
  return scanner;
}

/** WebCrypto's r || s as the DER `SEQUENCE { INTEGER r, INTEGER s }` that GitHub sends. */
export function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const value = bytes.subarray(start);
    const padded = value[0]! & 0x80 ? [0, ...value] : [...value];
    return [0x02, padded.length, ...padded];
  };
  const body = [...integer(raw.subarray(0, 32)), ...integer(raw.subarray(32))];
  return new Uint8Array([0x30, body.length, ...body]);
}
