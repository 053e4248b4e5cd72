// check and every per-key statement must cost the same with one key or a million: each must reach its row
// through a unique index, from the first request after a start, with no table statistics (PGlite never
// gathers any; PostgreSQL's autovacuum is switched off here so it cannot rescue a bad plan).
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlQueryable } from "../../../src/server/sql-executor.js";
import { KEYS_TABLE, migrate } from "../../../src/server/sql-schema.js";
import { SQL } from "../../../src/server/sql-store.js";
import { describePostgres, freshSchema, postgres } from "../../support/postgres.js";

const KEYS = 20_000;

// Many keys of one owner: the shape that made check walk the owner index before.
const FILL = `INSERT INTO ${KEYS_TABLE} (project_id, id, type, owner_id, description, is_public, hash, last_four,
  created_at_millis) SELECT 'p', 'id' || g, 'user', 'owner', 'd', false,
  md5(g::text) || md5((g + 1)::text), 'abcd', 1000 + g FROM generate_series(1, ${KEYS}) g`;

/** The index each statement must use, judged by what it pins. */
function expectedIndex(text: string): string | null {
  if (/\bhash = \$/.test(text)) return `${KEYS_TABLE}_hash`;
  if (/\bid = \$/.test(text)) return `${KEYS_TABLE}_pkey`;
  if (/\bowner_id = \$/.test(text)) return `${KEYS_TABLE}_owner`;
  return null;
}

const sample: Record<string, unknown> = { text: "'p'", type: "'user'", millis: "5" };

/** Arguments for EXPLAIN EXECUTE: a project, a value no key has, a type, a time; by what each $n stands for. */
function argumentsFor(text: string): string {
  const count = Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    if (n === 1) return sample.text;
    if (new RegExp(`type = \\$${n}\\b`).test(text)) return sample.type;
    if (new RegExp(`LIMIT \\$${n}\\b`).test(text)) return "1000";
    if (new RegExp(`\\$${n}::bigint`).test(text)) return sample.millis;
    if (new RegExp(`\\$${n}::boolean`).test(text)) return "false";
    if (new RegExp(`(millis|GREATEST|COALESCE)[^$]*\\$${n}\\b`).test(text)) return sample.millis;
    return "'no such value'";
  }).join(", ");
}

const perKey = Object.entries(SQL).filter(([, text]) => expectedIndex(text) !== null);

function plansSuite(open: () => Promise<{ db: SqlQueryable; close(): Promise<void> }>) {
  let db: SqlQueryable;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
    await db.query(FILL);
  }, 120_000);
  afterAll(() => close?.());

  it("covers check, get, update, revoke and list", () => {
    expect(perKey.map(([name]) => name)).toEqual(
      expect.arrayContaining(["markUsedByHash", "findByHash", "get", "updateDescription", "revoke", "list"]),
    );
  });

  for (const mode of ["force_custom_plan", "force_generic_plan"]) {
    describe(`with plan_cache_mode = ${mode}`, () => {
      it.each(perKey)("plans %s through its own index", async (name, text) => {
        await db.query(`SET plan_cache_mode = ${mode}`);
        await db.query(`PREPARE plan_${name} AS ${text}`);
        try {
          const { rows } = await db.query(`EXPLAIN EXECUTE plan_${name}(${argumentsFor(text)})`);
          const plan = (rows as { "QUERY PLAN": string }[]).map((row) => row["QUERY PLAN"]).join("\n");
          expect(plan).toContain(`Index Scan using ${expectedIndex(text)} on ${KEYS_TABLE}`);
          expect(plan).not.toMatch(/Seq Scan|Bitmap/);
        } finally {
          await db.query(`DEALLOCATE plan_${name}`);
        }
      });
    });
  }
}

describe(`given ${KEYS} keys of one owner in PGlite and no statistics`, { timeout: 60_000 }, () => {
  plansSuite(async () => {
    const db = await PGlite.create();
    const executor = {
      query: (text: string, params?: unknown[]) => db.query(text, params),
      transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) => db.transaction(fn),
      close: () => db.close(),
    };
    await migrate(executor);
    return { db: executor, close: () => db.close() };
  });
});

describePostgres(`given ${KEYS} keys of one owner in PostgreSQL and no statistics`, () => {
  plansSuite(async () => {
    const schema = await freshSchema(postgres.url!);
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    await migrate({
      query: (text, params) => client.query(text, params),
      async transaction(fn) {
        await client.query("BEGIN");
        const result = await fn(client);
        await client.query("COMMIT");
        return result;
      },
      close: () => client.end(),
    });
    await client.query(`ALTER TABLE ${KEYS_TABLE} SET (autovacuum_enabled = false)`);
    return {
      db: client,
      async close() {
        await client.end();
        await schema.drop();
      },
    };
  });
});
