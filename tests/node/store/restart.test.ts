import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pgliteStore } from "../../../src/server/pglite-store.js";
import { postgresStore } from "../../../src/server/postgres-store.js";
import type { StoredApiKey } from "../../../src/server/store.js";
import { describePostgres, freshSchema, postgres } from "../../support/postgres.js";

const stored: StoredApiKey = {
  id: "survivor",
  projectId: "project-a",
  type: "user",
  ownerId: "user-1",
  description: "still here",
  isPublic: false,
  hash: "a".repeat(64),
  lastFour: "abcd",
  createdAtMillis: 1_700_000_000_000,
  expiresAtMillis: null,
  revokedAtMillis: null,
  lastUsedAtMillis: null,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("given a PGlite store in a folder", () => {
  describe("when the process opens the same folder again", () => {
    it("finds the keys, revocations and uses written before", async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "react-api-keys-restart-"));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

      const before = pgliteStore({ dataDir });
      await before.insert(stored);
      await before.revoke("project-a", stored.id, 5_000);
      await before.markUsed("project-a", stored.id, 4_000);
      await before.close();

      const after = pgliteStore({ dataDir });
      cleanups.push(() => after.close());
      expect(await after.findByHash("project-a", stored.hash)).toEqual({
        ...stored,
        revokedAtMillis: 5_000,
        lastUsedAtMillis: 4_000,
      });
    }, 30_000);
  });
});

describePostgres("given a PostgreSQL store", () => {
  describe("when a new instance connects to the same database", () => {
    it("finds the keys, revocations and uses written by the old one", async () => {
      const schema = await freshSchema(postgres.url!);
      cleanups.push(() => schema.drop());

      const before = postgresStore({ connectionString: schema.url, max: 2 });
      await before.insert(stored);
      await before.revoke("project-a", stored.id, 5_000);
      await before.markUsed("project-a", stored.id, 4_000);
      await before.close();

      const after = postgresStore({ connectionString: schema.url, max: 2 });
      cleanups.push(() => after.close());
      expect(await after.get("project-a", stored.id)).toEqual({
        ...stored,
        revokedAtMillis: 5_000,
        lastUsedAtMillis: 4_000,
      });
    });
  });
});
