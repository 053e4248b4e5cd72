import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { postgresStore } from "../../../src/server/postgres-store.js";
import { createSqlStore } from "../../../src/server/sql-store.js";
import type { SqlExecutor } from "../../../src/server/sql-executor.js";
import { KEYS_TABLE, migrate, MIGRATIONS, MIGRATIONS_TABLE } from "../../../src/server/sql-schema.js";
import { describePostgres, freshSchema, postgres } from "../../support/postgres.js";

const newest = MIGRATIONS.map((migration) => migration.version);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// PGlite runs initdb in WebAssembly for each new database, which takes seconds on a busy machine.
describe("given an empty PGlite database", { timeout: 30_000 }, () => {
  async function open(): Promise<SqlExecutor & { db: PGlite }> {
    const db = await PGlite.create();
    cleanups.push(() => db.close());
    return {
      db,
      query: (t, p) => db.query(t, p),
      transaction: (fn) => db.transaction(fn),
      close: () => db.close(),
    };
  }

  it("applies every migration once, and nothing when run again", async () => {
    const executor = await open();
    expect(await migrate(executor)).toEqual(newest);
    expect(await migrate(executor)).toEqual([]);
    const { rows } = await executor.db.query<{ version: number }>(`SELECT version FROM ${MIGRATIONS_TABLE}`);
    expect(rows.map((row) => row.version)).toEqual(newest);
  });

  it("leaves a table the store can write after running twice", async () => {
    const executor = await open();
    await migrate(executor);
    await migrate(executor);
    await executor.db.query(
      `INSERT INTO ${KEYS_TABLE} (project_id, id, type, owner_id, description, is_public, hash, last_four,
        created_at_millis) VALUES ('p', 'i', 'user', 'o', 'd', false, 'h', 'abcd', 1)`,
    );
    const { rows } = await executor.db.query(`SELECT id FROM ${KEYS_TABLE}`);
    expect(rows).toEqual([{ id: "i" }]);
  });

  it("keeps keys made before version 3 (roll's links), and they can be rolled", async () => {
    const executor = await open();
    // The database as version 1 left it, with a key in it.
    await executor.db.query(
      `CREATE TABLE ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, applied_at timestamptz)`,
    );
    for (const statement of MIGRATIONS[0]!.statements) await executor.db.query(statement);
    await executor.db.query(`INSERT INTO ${MIGRATIONS_TABLE} (version) VALUES (1)`);
    const old = {
      id: "old",
      projectId: "p",
      type: "user" as const,
      ownerId: "o",
      description: "made at version 1",
      isPublic: false,
      hash: "h1",
      lastFour: "abcd",
      createdAtMillis: 1,
      expiresAtMillis: 50,
      revokedAtMillis: null,
      lastUsedAtMillis: 2,
    };
    await executor.db.query(
      `INSERT INTO ${KEYS_TABLE} (project_id, id, type, owner_id, description, is_public, hash, last_four,
        created_at_millis, expires_at_millis, last_used_at_millis) VALUES ('p', 'old', 'user', 'o',
        'made at version 1', false, 'h1', 'abcd', 1, 50, 2)`,
    );

    expect(await migrate(executor)).toEqual(newest.filter((version) => version !== 1));
    const store = createSqlStore({ open: async () => executor });
    expect(await store.get("p", "old")).toEqual(old);
    const next = {
      ...old,
      id: "new",
      hash: "h2",
      lastFour: "wxyz",
      createdAtMillis: 10,
      expiresAtMillis: null,
    };
    const rolled = await store.roll("p", "old", next, { atMillis: 10, untilMillis: 20, revokeNow: false });
    expect(rolled).toEqual({
      previous: { ...old, expiresAtMillis: 20, rolledToId: "new" },
      next: { ...next, lastUsedAtMillis: null, rolledFromId: "old" },
    });
  });
  it("keeps keys made before version 6 (leaks), which read as never reported and can then be reported", async () => {
    const executor = await open();
    await executor.db.query(
      `CREATE TABLE ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, applied_at timestamptz)`,
    );
    for (const migration of MIGRATIONS.filter((m) => m.version < 6)) {
      for (const statement of migration.statements) await executor.db.query(statement);
      await executor.db.query(`INSERT INTO ${MIGRATIONS_TABLE} (version) VALUES ($1)`, [migration.version]);
    }
    await executor.db.query(
      `INSERT INTO ${KEYS_TABLE} (project_id, id, type, owner_id, description, is_public, hash, last_four,
        created_at_millis, revoked_at_millis) VALUES ('p', 'old', 'user', 'o', 'made at 5', false, 'h1', 'abcd', 1, 7),
        ('p', 'live', 'user', 'o', 'made at 5', false, 'h2', 'efgh', 1, NULL)`,
    );
    expect(await migrate(executor)).toEqual(newest.filter((version) => version >= 6));
    const store = createSqlStore({ open: async () => executor });
    const old = await store.get("p", "old");
    expect(old).toMatchObject({ revokedAtMillis: 7 });
    for (const field of ["revokedReason", "leakedAtMillis", "leakUrl"]) expect(old).not.toHaveProperty(field);
    const reported = await store.reportLeak!("p", "h2", {
      url: "https://x.test/a",
      atMillis: 9,
      revoke: true,
    });
    expect(reported).toMatchObject({
      revoked: true,
      key: {
        id: "live",
        revokedAtMillis: 9,
        revokedReason: "leak",
        leakedAtMillis: 9,
        leakUrl: "https://x.test/a",
      },
    });
  });
});

describe(
  "given a PGlite database migrated up to before version 7 (events), with keys",
  { timeout: 30_000 },
  () => {
    it("keeps every key, and the first sweep announces what is due", async () => {
      const db = await PGlite.create();
      cleanups.push(() => db.close());
      const executor: SqlExecutor = {
        query: (t, p) => db.query(t, p),
        transaction: (fn) => db.transaction(fn),
        close: () => db.close(),
      };
      await db.query(
        `CREATE TABLE ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, applied_at timestamptz)`,
      );
      for (const migration of MIGRATIONS.filter((m) => m.version < 7)) {
        for (const statement of migration.statements) await db.query(statement);
        await db.query(`INSERT INTO ${MIGRATIONS_TABLE} (version) VALUES ($1)`, [migration.version]);
      }
      await db.query(
        `INSERT INTO ${KEYS_TABLE} (project_id, id, type, owner_id, description, is_public, hash, last_four,
        created_at_millis, expires_at_millis, rolled_to_id) VALUES
        ('p', 'soon', 'user', 'o', 'd', false, 'h1', 'abcd', 1, 100, NULL),
        ('p', 'ended', 'team', 't', 'd', false, 'h2', 'efgh', 1, 40, 'soon')`,
      );
      const before = (await db.query(`SELECT * FROM ${KEYS_TABLE} ORDER BY id`)).rows;

      expect(await migrate(executor)).toEqual(newest.filter((version) => version >= 7));
      const after = (await db.query<Record<string, unknown>>(`SELECT * FROM ${KEYS_TABLE} ORDER BY id`)).rows;
      expect(after).toEqual(
        before.map((row) => ({
          ...(row as object),
          expiry_announced_for: null,
          overlap_end_announced_at: null,
        })),
      );
      const store = createSqlStore({ open: async () => executor });
      expect((await store.claimEndedOverlaps!("p", 50, 10)).map((key) => key.id)).toEqual(["ended"]);
      expect((await store.claimExpiring!("p", 50, 200, 10)).map((key) => key.id)).toEqual(["soon"]);
      expect(await store.claimExpiring!("p", 50, 200, 10)).toEqual([]);
    });
  },
);

describePostgres("given an empty PostgreSQL schema", () => {
  describe("when eight instances start at the same moment, and then once more", () => {
    it("applies each migration exactly once and every instance can serve", async () => {
      const schema = await freshSchema(postgres.url!);
      cleanups.push(() => schema.drop());
      const stores = Array.from({ length: 8 }, () => postgresStore({ connectionString: schema.url, max: 1 }));
      cleanups.push(async () => {
        await Promise.all(stores.map((store) => store.close()));
      });

      await Promise.all(stores.map((store) => store.ready()));
      const late = postgresStore({ connectionString: schema.url, max: 1 });
      stores.push(late);
      await late.ready();

      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      cleanups.push(() => client.end());
      const { rows } = await client.query(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`);
      expect(rows.map((row) => row.version)).toEqual(newest);
      for (const store of stores) expect(await store.list("p", "user", "nobody")).toEqual([]);
    });
  });
});

describePostgres(
  "given a migrated PostgreSQL schema and a role that may only read and write its tables",
  () => {
    it("starts and serves as that role", async () => {
      const schema = await freshSchema(postgres.url!);
      cleanups.push(() => schema.drop());
      const owner = postgresStore({ connectionString: schema.url, max: 1 });
      await owner.ready();
      await owner.close();

      const role = `rak_app_${crypto.randomUUID().replaceAll("-", "")}`;
      const schemaName = new URL(schema.url).searchParams.get("options")!.split("=")[1]!;
      const admin = new pg.Client({ connectionString: postgres.url! });
      await admin.connect();
      cleanups.push(async () => {
        await admin.query(`DROP OWNED BY ${role}`);
        await admin.query(`DROP ROLE ${role}`);
        await admin.end();
      });
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`GRANT USAGE ON SCHEMA ${schemaName} TO ${role}`);
      await admin.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${schemaName} TO ${role}`);

      const url = new URL(schema.url);
      url.username = role;
      const store = postgresStore({ connectionString: url.toString(), max: 1 });
      cleanups.push(() => store.close());
      await store.ready();
      await store.insert({
        id: "k",
        projectId: "p",
        type: "user",
        ownerId: "o",
        description: "d",
        isPublic: false,
        hash: "h",
        lastFour: "abcd",
        createdAtMillis: 1,
        expiresAtMillis: null,
        revokedAtMillis: null,
        lastUsedAtMillis: null,
      });
      expect((await store.revoke("p", "k", 2))?.revokedAtMillis).toBe(2);
    });
  },
);
