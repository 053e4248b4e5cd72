import type { SqlExecutor } from "./sql-executor.js";

export const KEYS_TABLE = "react_api_keys";
export const USAGE_TABLE = "react_api_keys_usage";
export const USAGE_WRITERS_TABLE = "react_api_keys_usage_writers";
export const MIGRATIONS_TABLE = "react_api_keys_migrations";
export const RATE_LIMITS_TABLE = "react_api_keys_rate_limits";

/**
 * Applied in order, each once, each in the transaction that records it. Append new versions; never edit one
 * that has shipped, since databases in the field have already run it.
 */
export const MIGRATIONS: readonly { version: number; statements: readonly string[] }[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE ${KEYS_TABLE} (
        project_id text NOT NULL,
        id text NOT NULL,
        type text NOT NULL CHECK (type IN ('user', 'team')),
        owner_id text NOT NULL,
        description text NOT NULL,
        is_public boolean NOT NULL,
        hash text NOT NULL,
        last_four text NOT NULL,
        created_at_millis bigint NOT NULL,
        expires_at_millis bigint,
        revoked_at_millis bigint,
        last_used_at_millis bigint,
        -- Orders keys created in the same millisecond by insertion, as the memory store does.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (project_id, id)
      )`,
      `CREATE UNIQUE INDEX ${KEYS_TABLE}_hash ON ${KEYS_TABLE} (project_id, hash)`,
      `CREATE INDEX ${KEYS_TABLE}_owner ON ${KEYS_TABLE}
        (project_id, type, owner_id, created_at_millis DESC, seq DESC)`,
    ],
  },
  {
    // Without statistics (PGlite never gathers any) the planner guesses 0.5% of rows per equality and rounds
    // the guess up to one row, so an index merely starting with columns a statement pins (project_id, type)
    // looked as cheap as the unique one, and check scanned every key of the project. Each index now leads
    // with a column that only its own statements pin, leaving the planner one sensible index per statement.
    version: 2,
    statements: [
      `ALTER TABLE ${KEYS_TABLE} DROP CONSTRAINT ${KEYS_TABLE}_pkey`,
      `ALTER TABLE ${KEYS_TABLE} ADD PRIMARY KEY (id, project_id)`,
      `DROP INDEX ${KEYS_TABLE}_hash`,
      `CREATE UNIQUE INDEX ${KEYS_TABLE}_hash ON ${KEYS_TABLE} (hash, project_id)`,
      `DROP INDEX ${KEYS_TABLE}_owner`,
      `CREATE INDEX ${KEYS_TABLE}_owner ON ${KEYS_TABLE}
        (owner_id, type, project_id, created_at_millis DESC, seq DESC)`,
      // Counters shared by every instance on the database: one row per subject and fixed window.
      `CREATE TABLE ${RATE_LIMITS_TABLE} (
        subject text NOT NULL,
        window_start_millis bigint NOT NULL,
        expires_at_millis bigint NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (subject, window_start_millis)
      )`,
      // One round trip for a create under the per-owner limit. A volatile function's statements each take a
      // fresh snapshot, so the count, made once the owner's lock is held, sees every create committed before.
      `CREATE FUNCTION ${KEYS_TABLE}_insert_within_limit(
        p_project_id text, p_id text, p_type text, p_owner_id text, p_description text, p_is_public boolean,
        p_hash text, p_last_four text, p_created bigint, p_expires bigint, p_revoked bigint, p_last_used bigint,
        p_max_working integer
      ) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_project_id || '/' || p_type || '/' || p_owner_id, 0));
        IF (SELECT count(*) FROM ${KEYS_TABLE} WHERE owner_id = p_owner_id AND type = p_type
            AND project_id = p_project_id AND revoked_at_millis IS NULL
            AND (expires_at_millis IS NULL OR expires_at_millis > p_created)) >= p_max_working THEN
          RETURN false;
        END IF;
        INSERT INTO ${KEYS_TABLE} (project_id, id, type, owner_id, description, is_public, hash, last_four,
          created_at_millis, expires_at_millis, revoked_at_millis, last_used_at_millis)
        VALUES (p_project_id, p_id, p_type, p_owner_id, p_description, p_is_public, p_hash, p_last_four,
          p_created, p_expires, p_revoked, p_last_used);
        RETURN true;
      END
      $$`,
      `CREATE INDEX ${RATE_LIMITS_TABLE}_expiry ON ${RATE_LIMITS_TABLE} (expires_at_millis)`,
    ],
  },
  {
    // roll: links between a key and the one that replaced it. Nullable, so existing rows need no rewrite.
    version: 3,
    statements: [
      `ALTER TABLE ${KEYS_TABLE} ADD COLUMN rolled_from_id text`,
      `ALTER TABLE ${KEYS_TABLE} ADD COLUMN rolled_to_id text`,
    ],
  },
  {
    // scopes: a JSON array of scope ids, or NULL for full access, which is what every existing key keeps.
    version: 4,
    statements: [
      `ALTER TABLE ${KEYS_TABLE} ADD COLUMN scopes jsonb
        CONSTRAINT ${KEYS_TABLE}_scopes_array CHECK (scopes IS NULL OR jsonb_typeof(scopes) = 'array')`,
      // Creating within the owner's limit (version 2) now stores the scopes too.
      `DROP FUNCTION ${KEYS_TABLE}_insert_within_limit(text, text, text, text, text, boolean, text, text,
        bigint, bigint, bigint, bigint, integer)`,
      `CREATE FUNCTION ${KEYS_TABLE}_insert_within_limit(
        p_project_id text, p_id text, p_type text, p_owner_id text, p_description text, p_is_public boolean,
        p_hash text, p_last_four text, p_created bigint, p_expires bigint, p_revoked bigint, p_last_used bigint,
        p_scopes jsonb, p_max_working integer
      ) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_project_id || '/' || p_type || '/' || p_owner_id, 0));
        IF (SELECT count(*) FROM ${KEYS_TABLE} WHERE owner_id = p_owner_id AND type = p_type
            AND project_id = p_project_id AND revoked_at_millis IS NULL
            AND (expires_at_millis IS NULL OR expires_at_millis > p_created)) >= p_max_working THEN
          RETURN false;
        END IF;
        INSERT INTO ${KEYS_TABLE} (project_id, id, type, owner_id, description, is_public, hash, last_four,
          created_at_millis, expires_at_millis, revoked_at_millis, last_used_at_millis, scopes)
        VALUES (p_project_id, p_id, p_type, p_owner_id, p_description, p_is_public, p_hash, p_last_four,
          p_created, p_expires, p_revoked, p_last_used, p_scopes);
        RETURN true;
      END
      $$`,
    ],
  },
  {
    // usage: checks per key and UTC day (days since 1970-01-01, so no time zone is ever involved), by outcome.
    version: 5,
    statements: [
      `CREATE TABLE ${USAGE_TABLE} (
        project_id text NOT NULL,
        key_id text NOT NULL,
        day integer NOT NULL,
        ok bigint NOT NULL DEFAULT 0,
        revoked bigint NOT NULL DEFAULT 0,
        expired bigint NOT NULL DEFAULT 0,
        insufficient_scope bigint NOT NULL DEFAULT 0,
        rate_limited bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (key_id, project_id, day)
      )`,
      // For pruning, which deletes by day. Led by day, as migration 2 explains, so reads by key never take it.
      `CREATE INDEX ${USAGE_TABLE}_day ON ${USAGE_TABLE} (day)`,
    ],
  },
  {
    // secret scanning: why the server revoked a key on its own ('leak'), and the first report of it found in
    // public. Nullable, so existing rows need no rewrite and keep reading as before.
    version: 6,
    statements: [
      `ALTER TABLE ${KEYS_TABLE} ADD COLUMN revoked_reason text`,
      `ALTER TABLE ${KEYS_TABLE} ADD COLUMN leaked_at_millis bigint`,
      `ALTER TABLE ${KEYS_TABLE} ADD COLUMN leak_url text`,
    ],
  },
  {
    // events: what a sweep has announced, so it announces each thing once across instances. Nullable: every
    // existing key starts unannounced, and the first sweep announces what is due.
    version: 7,
    statements: [
      // The expiry that `expiring` was announced for: a key whose expiry later changes is announced again.
      `ALTER TABLE ${KEYS_TABLE} ADD COLUMN expiry_announced_for bigint`,
      // When a sweep announced the end of a rolled key's overlap.
      `ALTER TABLE ${KEYS_TABLE} ADD COLUMN overlap_end_announced_at bigint`,
      // A sweep reads a few days of expiries and the overlaps not yet announced, not every key. Both lead with
      // the expiry, which no per-key statement pins, and hold only keys a sweep may still want.
      `CREATE INDEX ${KEYS_TABLE}_expiring ON ${KEYS_TABLE} (expires_at_millis)
        WHERE revoked_at_millis IS NULL AND rolled_to_id IS NULL AND expires_at_millis IS NOT NULL`,
      `CREATE INDEX ${KEYS_TABLE}_overlap_end ON ${KEYS_TABLE} (expires_at_millis)
        WHERE rolled_to_id IS NOT NULL AND revoked_at_millis IS NULL AND overlap_end_announced_at IS NULL`,
    ],
  },
  {
    // usage: the last flush each handler instance added, so one retried after its answer was lost (the
    // connection cut after the commit) is not added twice. One row per instance, forgotten with old days.
    version: 8,
    statements: [
      `CREATE TABLE ${USAGE_WRITERS_TABLE} (
        project_id text NOT NULL,
        writer_id text NOT NULL,
        seq bigint NOT NULL,
        day integer NOT NULL,
        PRIMARY KEY (project_id, writer_id)
      )`,
    ],
  },
];

// Any constant will do as long as every instance uses the same one: it names the lock, not a row.
const MIGRATION_LOCK_ID = 0x72616b; // "rak"

/**
 * Brings the schema up to the newest version. Instances starting together queue on an advisory lock held
 * until the transaction ends, so exactly one of them creates each version and the others find it done.
 */
export async function migrate(db: SqlExecutor): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_ID]);
    // Looked up rather than CREATE TABLE IF NOT EXISTS, which needs CREATE on the schema even when the table
    // is there: once migrated, the store can run as a role that may only read and write its tables.
    const { rows: found } = await tx.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [
      MIGRATIONS_TABLE,
    ]);
    if (!(found[0] as { present: boolean }).present) {
      await tx.query(
        `CREATE TABLE ${MIGRATIONS_TABLE} (
          version integer PRIMARY KEY,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`,
      );
    }
    const { rows } = await tx.query(`SELECT version FROM ${MIGRATIONS_TABLE}`);
    const done = new Set((rows as { version: number }[]).map((row) => row.version));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(`INSERT INTO ${MIGRATIONS_TABLE} (version) VALUES ($1)`, [migration.version]);
      applied.push(migration.version);
    }
    return applied;
  });
}
