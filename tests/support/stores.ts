// Every store the server ships, each made fresh and empty. Suites run `describe.each(storeFactories)` so the
// same tests cover all of them.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { memoryStore } from "../../src/server/memory-store.js";
import { pgliteStore } from "../../src/server/pglite-store.js";
import { postgresStore } from "../../src/server/postgres-store.js";
import type { ApiKeyStore } from "../../src/server/store.js";
import { freshSchema, postgres } from "./postgres.js";

export interface StoreFactory {
  name: string;
  create(): Promise<{ store: ApiKeyStore; cleanup(): Promise<void> }>;
}

const memory: StoreFactory = {
  name: "memory",
  async create() {
    const store = memoryStore();
    return { store, cleanup: () => store.close() };
  },
};

// PGlite's initdb takes seconds; copying a folder it has already made and migrated takes a fraction of that.
let pgliteTemplate: Promise<string> | null = null;
function migratedPgliteFolder(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "react-api-keys-pglite-template-"));
    const store = pgliteStore({ dataDir });
    await store.ready();
    await store.close();
    return dataDir;
  })();
  return pgliteTemplate;
}

// Each test file imports this module afresh, so this removes the file's template when the file is done.
afterAll(async () => {
  const template = await pgliteTemplate?.catch(() => null);
  if (template) rmSync(template, { recursive: true, force: true });
});

const pglite: StoreFactory = {
  name: "pglite",
  async create() {
    const template = await migratedPgliteFolder();
    const dataDir = mkdtempSync(join(tmpdir(), "react-api-keys-pglite-"));
    cpSync(template, dataDir, { recursive: true });
    const store = pgliteStore({ dataDir });
    return {
      store,
      async cleanup() {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

// Only listed when PostgreSQL is there; tests/node/store says in its output when it is not.
const postgresFactory = (baseUrl: string): StoreFactory => ({
  name: "postgres",
  async create() {
    const schema = await freshSchema(baseUrl);
    const store = postgresStore({ connectionString: schema.url, max: 4 });
    return {
      store,
      async cleanup() {
        await store.close();
        await schema.drop();
      },
    };
  },
});

export const storeFactories: StoreFactory[] = [
  memory,
  pglite,
  ...(postgres.url ? [postgresFactory(postgres.url)] : []),
];
