import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../../src/server/memory-store.js";
import type { StoredApiKey } from "../../../src/server/store.js";

const row = (overrides: Partial<StoredApiKey> = {}): StoredApiKey => ({
  id: "k1",
  projectId: "p",
  type: "user",
  ownerId: "u",
  description: "first",
  isPublic: false,
  hash: "a".repeat(64),
  lastFour: "abcd",
  createdAtMillis: 1,
  expiresAtMillis: null,
  revokedAtMillis: null,
  lastUsedAtMillis: null,
  ...overrides,
});

describe("the memory store", () => {
  it("copies rows in and out, so callers cannot edit what is stored", async () => {
    const store = memoryStore();
    const inserted = row();
    await store.insert(inserted);
    inserted.description = "edited after insert";
    const got = (await store.get("p", "k1"))!;
    expect(got.description).toBe("first");
    got.revokedAtMillis = 5;
    (await store.list("p", "user", "u"))[0]!.description = "edited in a list";
    (await store.findByHash("p", inserted.hash))!.lastFour = "zzzz";
    expect(await store.get("p", "k1")).toEqual(row());
  });

  it("refuses a second key with the same id or hash in a project", async () => {
    const store = memoryStore();
    await store.insert(row());
    await expect(store.insert(row({ hash: "b".repeat(64) }))).rejects.toThrow(/already exists/);
    await expect(store.insert(row({ id: "k2" }))).rejects.toThrow(/already exists/);
    await store.insert(row({ projectId: "q" }));
    expect(await store.get("q", "k1")).not.toBeNull();
  });

  it("refuses work after close", async () => {
    const store = memoryStore();
    await store.close();
    await expect(store.get("p", "k1")).rejects.toThrow(/closed/);
  });
});

describe("the browser-safe server files", () => {
  // The handler, key format and memory store also run in Storybook, so they must not reach for Node.
  const here = dirname(new URL(import.meta.url).pathname);
  const files = [
    "handler",
    "key-format",
    "memory-store",
    "auth",
    "parse",
    "routes",
    "endpoints",
    "errors",
    "rows",
  ];
  it.each(files)("%s.ts imports nothing from node:", (name) => {
    const source = readFileSync(join(here, "../../../src/server", `${name}.ts`), "utf8");
    expect(source.length).toBeGreaterThan(0);
    expect(source).not.toMatch(/from\s+["']node:|require\(/);
  });
});
