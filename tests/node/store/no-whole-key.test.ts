import { PGlite } from "@electric-sql/pglite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiKeyFirstViewWire } from "../../../src/client/wire.js";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { parseApiKey } from "../../../src/server/key-format.js";
import { pgliteStore } from "../../../src/server/pglite-store.js";
import { postgresStore } from "../../../src/server/postgres-store.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import type { ApiKeyStore } from "../../../src/server/store.js";
import { describePostgres, freshSchema, postgres } from "../../support/postgres.js";
import { check, createKey, rename, revoke, serverRequest } from "../../support/server-calls.js";

type Query = (text: string) => Promise<{ rows: unknown[] }>;

/** Every row of every table in the store's schema, each as PostgreSQL's text form of the whole row. */
async function dumpRows(query: Query): Promise<string[]> {
  const { rows } = await query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
  );
  const dump: string[] = [];
  for (const { table_name } of rows as { table_name: string }[]) {
    const table = await query(`SELECT t::text AS row FROM "${table_name}" t`);
    dump.push(...(table.rows as { row: string }[]).map(({ row }) => row));
  }
  return dump;
}

/** Issues keys of every kind and uses them, then answers the keys and the store's rows. */
async function issueKeys(store: ApiKeyStore, dump: () => Promise<string[]>) {
  const handler = createApiKeysHandler(sampleHandlerOptions(store));
  const issued = [
    await createKey(handler, { type: "user", ownerId: "user-alice" }),
    await createKey(handler, { type: "user", ownerId: "user-alice", isPublic: true }),
    await createKey(handler, { type: "team", ownerId: "team-acme" }),
  ];
  for (const key of issued) expect((await check(handler, key.value, key.type)).status).toBe(200);
  await revoke(handler, issued[0]!);
  await rename(handler, issued[1]!, "renamed");
  const rolled = await handler(
    serverRequest("POST", `/team-api-keys/${issued[2]!.id}/roll`, {
      expires_at_millis: null,
      overlap_millis: 0,
    }),
  );
  expect(rolled.status).toBe(200);
  issued.push(((await rolled.json()) as { api_key: ApiKeyFirstViewWire }).api_key);
  return { keys: issued, rows: await dump() };
}

function expectNoWholeKey(keys: { id: string; value: string }[], rows: string[]) {
  const all = rows.join("\n");
  for (const key of keys) {
    // The rows are the right ones: each key's id is there...
    expect(all).toContain(key.id);
    // ...but neither the key nor its secret body, in any column of any row.
    expect(all).not.toContain(key.value);
    expect(all).not.toContain(parseApiKey(key.value)!.body);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("given keys issued and used through the handler on PGlite", () => {
  it("keeps no whole key in any column of any row", { timeout: 30_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "react-api-keys-nokey-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const store = pgliteStore({ dataDir });
    const { keys } = await issueKeys(store, async () => []);
    await store.close();

    const db = await PGlite.create(dataDir);
    cleanups.push(() => db.close());
    expectNoWholeKey(keys, await dumpRows((text) => db.query(text)));
  });
});

describePostgres("given keys issued and used through the handler on PostgreSQL", () => {
  it("keeps no whole key in any column of any row", async () => {
    const schema = await freshSchema(postgres.url!);
    cleanups.push(() => schema.drop());
    const store = postgresStore({ connectionString: schema.url, max: 2 });
    cleanups.push(() => store.close());
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    cleanups.push(() => client.end());

    const { keys, rows } = await issueKeys(store, () => dumpRows((text) => client.query(text)));
    expectNoWholeKey(keys, rows);
  });
});
