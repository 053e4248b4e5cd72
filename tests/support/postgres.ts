import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { createApiKeysHandler } from "../../src/server/handler.js";
import type { ApiKeysHandler, ApiKeysHandlerOptions } from "../../src/server/handler.js";
import { postgresStore } from "../../src/server/postgres-store.js";
import type { SqlApiKeyStore } from "../../src/server/sql-store.js";

export const postgres = inject("postgres");

/**
 * `describe` for suites that need PostgreSQL. Without it the suite is reported as skipped, and its name
 * carries the reason, so a green run never hides that PostgreSQL was not tested.
 */
export function describePostgres(name: string, fn: () => void, needs: "database" | "binaries" = "database") {
  let why = postgres.unavailable;
  if (!why && needs === "binaries" && !postgres.binDir) {
    why =
      "this suite stops and starts a cluster of its own, which needs the server binaries (initdb, pg_ctl)";
    if (process.env.REQUIRE_POSTGRES === "1") {
      describe(name, () => {
        throw new Error(`REQUIRE_POSTGRES=1, but ${why}.`);
      });
      return;
    }
  }
  if (why) describe.skip(`${name} (skipped: ${why})`, fn);
  else describe(name, fn);
}

/**
 * A schema of its own on the shared database, so that suites and test files running in parallel never see
 * each other's rows. The URL selects it through `search_path`.
 */
export async function freshSchema(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `rak_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface InstancesOnOneDatabase {
  /** Filled before the suite's tests: one handler per store, in order. */
  readonly handlers: ApiKeysHandler[];
  readonly stores: SqlApiKeyStore[];
  /** A plain client on the same schema, for reading and writing rows directly. */
  readonly admin: pg.Client;
}

/**
 * `count` handler instances, each on its own PostgreSQL store (a pool of `max`), sharing one fresh schema: how
 * an app runs several servers on one database. Opened before the suite's tests, closed after them.
 */
export function instancesOnOneDatabase(
  count: number,
  handlerOptions: (store: SqlApiKeyStore, index: number) => ApiKeysHandlerOptions,
  { max = 6 } = {},
): InstancesOnOneDatabase {
  const handlers: ApiKeysHandler[] = [];
  const stores: SqlApiKeyStore[] = [];
  let admin: pg.Client | undefined;
  let dropSchema: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const schema = await freshSchema(postgres.url!);
    dropSchema = schema.drop;
    for (let i = 0; i < count; i++) stores.push(postgresStore({ connectionString: schema.url, max }));
    await Promise.all(stores.map((store) => store.ready()));
    stores.forEach((store, i) => handlers.push(createApiKeysHandler(handlerOptions(store, i))));
    admin = new pg.Client({ connectionString: schema.url });
    await admin.connect();
  }, 30_000);
  afterAll(async () => {
    await admin?.end();
    await Promise.all(stores.map((store) => store.close()));
    await dropSchema?.();
  });
  return {
    handlers,
    stores,
    get admin() {
      if (!admin) throw new Error("The instances open in beforeAll; use them inside a test.");
      return admin;
    },
  };
}
