import type { ApiKeyType } from "../client/wire.js";
import type { SqlExecutor } from "./sql-executor.js";
import { KEYS_TABLE, USAGE_TABLE, USAGE_WRITERS_TABLE, migrate } from "./sql-schema.js";
import type { ApiKeyStore, StoredApiKey, UsageCounts } from "./store.js";
import { StoreUnavailableError } from "./store-errors.js";
import { countRequest, insertWithinLimit, peekRequests } from "./sql-limits.js";

export interface SqlApiKeyStore extends ApiKeyStore {
  /**
   * Connects and migrates the schema. Every method does this on first use, so calling it is optional; call it
   * at boot to fail fast on a wrong connection string rather than on the first request.
   */
  ready(): Promise<void>;
}

export interface SqlStoreOptions {
  /** Opens the executor; called once, and again after a failed attempt. */
  open(): Promise<SqlExecutor>;
  /** Whether an error means the database could not be reached, as opposed to a mistake in a query. */
  isUnavailable?(error: unknown): boolean;
}

const INSERTED = `project_id, id, type, owner_id, description, is_public, hash, last_four,
  created_at_millis, expires_at_millis, revoked_at_millis, last_used_at_millis`;
const COLUMNS = `${INSERTED}, rolled_from_id, rolled_to_id, scopes, revoked_reason, leaked_at_millis, leak_url`;

// Built once: the same string object every call, so naming its prepared statement is a cheap Map lookup.
export const SQL = {
  insert: `INSERT INTO ${KEYS_TABLE} (${INSERTED}, scopes)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)`,
  get: `SELECT ${COLUMNS} FROM ${KEYS_TABLE} WHERE project_id = $1 AND id = $2`,
  list: `SELECT ${COLUMNS} FROM ${KEYS_TABLE} WHERE project_id = $1 AND type = $2 AND owner_id = $3
    ORDER BY created_at_millis DESC, seq DESC LIMIT $4`,
  findByHash: `SELECT ${COLUMNS} FROM ${KEYS_TABLE} WHERE project_id = $1 AND hash = $2`,
  updateDescription: `UPDATE ${KEYS_TABLE} SET description = $3 WHERE project_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
  revoke: `UPDATE ${KEYS_TABLE} SET revoked_at_millis = COALESCE(revoked_at_millis, $3)
    WHERE project_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
  // secret scanning. The locking read makes concurrent reports queue on the row; each then sees what the one
  // before it left (READ COMMITTED re-reads a row it waited for), so exactly one finds it unrevoked and revokes.
  reportLeak: `WITH found AS (
      SELECT id AS found_id, revoked_at_millis AS was_revoked FROM ${KEYS_TABLE}
      WHERE project_id = $1 AND hash = $2 FOR UPDATE
    ), leak AS (
      SELECT found_id, was_revoked, $5::boolean AND was_revoked IS NULL AS do_revoke FROM found
    )
    UPDATE ${KEYS_TABLE} SET
      leaked_at_millis = COALESCE(leaked_at_millis, $3::bigint),
      leak_url = CASE WHEN leaked_at_millis IS NULL THEN $4 ELSE leak_url END,
      revoked_at_millis = CASE WHEN do_revoke AND (expires_at_millis IS NULL OR expires_at_millis > $3::bigint)
        THEN $3::bigint ELSE revoked_at_millis END,
      revoked_reason = CASE WHEN do_revoke AND (expires_at_millis IS NULL OR expires_at_millis > $3::bigint)
        THEN 'leak' ELSE revoked_reason END
    FROM leak WHERE project_id = $1 AND id = found_id
    RETURNING ${COLUMNS}, was_revoked IS NULL AND revoked_at_millis IS NOT NULL AS revoked_now`,
  claimRevocation: `UPDATE ${KEYS_TABLE} SET revoked_at_millis = $3
    WHERE project_id = $1 AND id = $2 AND revoked_at_millis IS NULL RETURNING ${COLUMNS}`,
  // events: the subquery locks the keys it picks and skips those another sweep holds; a key that sweep has
  // claimed meanwhile is re-tested once locked and no longer matches, so each key goes to one sweep.
  claimExpiring: `UPDATE ${KEYS_TABLE} SET expiry_announced_for = expires_at_millis
    WHERE project_id = $1 AND id = ANY(ARRAY(
      SELECT id FROM ${KEYS_TABLE} WHERE project_id = $1 AND revoked_at_millis IS NULL AND rolled_to_id IS NULL
        AND expires_at_millis > $2 AND expires_at_millis <= $3
        AND expiry_announced_for IS DISTINCT FROM expires_at_millis
      LIMIT $4 FOR UPDATE SKIP LOCKED))
    RETURNING ${COLUMNS}`,
  claimEndedOverlaps: `UPDATE ${KEYS_TABLE} SET overlap_end_announced_at = $2
    WHERE project_id = $1 AND id = ANY(ARRAY(
      SELECT id FROM ${KEYS_TABLE} WHERE project_id = $1 AND rolled_to_id IS NOT NULL
        AND revoked_at_millis IS NULL AND expires_at_millis <= $2 AND overlap_end_announced_at IS NULL
      LIMIT $3 FOR UPDATE SKIP LOCKED))
    RETURNING ${COLUMNS}`,
  markUsed: `UPDATE ${KEYS_TABLE} SET last_used_at_millis = GREATEST(last_used_at_millis, $3)
    WHERE project_id = $1 AND id = $2`,
  // The row lock makes concurrent narrowings queue; each re-tests containment against what the last one left.
  narrowScopes: `UPDATE ${KEYS_TABLE} SET scopes = $3::jsonb
    WHERE project_id = $1 AND id = $2 AND (scopes IS NULL OR scopes @> $3::jsonb) RETURNING ${COLUMNS}`,
  markUsedByHash: `UPDATE ${KEYS_TABLE} SET last_used_at_millis = GREATEST(last_used_at_millis, $4)
    WHERE project_id = $1 AND hash = $2 AND type = $3 AND revoked_at_millis IS NULL
    AND (expires_at_millis IS NULL OR expires_at_millis > $4)
    RETURNING ${COLUMNS}`,
  // One statement, so both rows change together or not at all. Concurrent rolls queue on the old row's lock
  // and re-test the WHERE once it is free: after the first commits, the others find it rolled and insert nothing.
  roll: `WITH old AS (
      UPDATE ${KEYS_TABLE} SET rolled_to_id = $3,
        expires_at_millis = LEAST(expires_at_millis, $8::bigint),
        revoked_at_millis = CASE WHEN $9::boolean THEN $6::bigint ELSE revoked_at_millis END
      WHERE project_id = $1 AND id = $2 AND rolled_to_id IS NULL AND revoked_at_millis IS NULL
        AND (expires_at_millis IS NULL OR expires_at_millis > $6::bigint)
        AND ($11::boolean OR scopes IS NULL OR scopes @> $10::jsonb)
      RETURNING ${COLUMNS}
    ), next AS (
      INSERT INTO ${KEYS_TABLE} (${INSERTED}, rolled_from_id, scopes)
      SELECT project_id, $3, type, owner_id, description, is_public, $4, $5, $6::bigint, $7::bigint,
        NULL, NULL, id, CASE WHEN $11::boolean THEN scopes ELSE $10::jsonb END FROM old
      RETURNING ${COLUMNS}
    )
    SELECT ${COLUMNS} FROM old UNION ALL SELECT ${COLUMNS} FROM next`,
  // usage: a flush's counts in one statement. Refusals name their key by hash, found here through the hash index
  // (LIMIT 1 keeps the lookup a nested loop over that index, whatever the planner knows of the table). Rows are
  // summed per key and day, as ON CONFLICT may touch a row once, and upserted in one order, so concurrent
  // flushes from several instances wait on each other's row locks rather than deadlock.
  // With a writer ($17), the counts go in only if its row moves up to this seq ($18): a retry of a flush that
  // was added finds the row there already and adds nothing. Concurrent retries queue on that row's lock.
  addUsage: `WITH claim AS (
      INSERT INTO ${USAGE_WRITERS_TABLE} AS w (project_id, writer_id, seq, day)
      SELECT $1, $17, $18, $19 WHERE $17::text IS NOT NULL
      ON CONFLICT (project_id, writer_id) DO UPDATE SET seq = EXCLUDED.seq, day = EXCLUDED.day
        WHERE w.seq < EXCLUDED.seq
      RETURNING 1
    )
    INSERT INTO ${USAGE_TABLE} AS t
      (project_id, key_id, day, ok, revoked, expired, insufficient_scope, rate_limited)
    SELECT $1, key_id, day, sum(ok), sum(revoked), sum(expired), sum(insufficient_scope), sum(rate_limited)
    FROM (
      SELECT * FROM unnest($2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
        $8::bigint[]) AS u(key_id, day, ok, revoked, expired, insufficient_scope, rate_limited)
      UNION ALL
      SELECT k.id, h.day, h.ok, h.revoked, h.expired, h.insufficient_scope, h.rate_limited
      FROM unnest($9::text[], $10::text[], $11::int[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[],
        $16::bigint[]) AS h(hash, type, day, ok, revoked, expired, insufficient_scope, rate_limited)
      CROSS JOIN LATERAL (
        SELECT id FROM ${KEYS_TABLE} WHERE project_id = $1 AND hash = h.hash AND type = h.type LIMIT 1
      ) AS k
    ) AS c
    WHERE $17::text IS NULL OR EXISTS (SELECT 1 FROM claim)
    GROUP BY key_id, day ORDER BY key_id, day
    ON CONFLICT (project_id, key_id, day) DO UPDATE SET ok = t.ok + EXCLUDED.ok,
      revoked = t.revoked + EXCLUDED.revoked, expired = t.expired + EXCLUDED.expired,
      insufficient_scope = t.insufficient_scope + EXCLUDED.insufficient_scope,
      rate_limited = t.rate_limited + EXCLUDED.rate_limited`,
  readUsage: `SELECT key_id, day, ok, revoked, expired, insufficient_scope, rate_limited FROM ${USAGE_TABLE}
    WHERE project_id = $1 AND key_id = ANY($2::text[]) AND day BETWEEN $3 AND $4`,
  pruneUsage: `DELETE FROM ${USAGE_TABLE} WHERE project_id = $1 AND day < $2`,
  // A day more than the counts: a writer is forgotten only well after its last flush could be retried.
  pruneUsageWriters: `DELETE FROM ${USAGE_WRITERS_TABLE} WHERE project_id = $1 AND day < $2 - 1`,
} as const;

interface UsageRow {
  key_id: string;
  day: number;
  // bigint: a string from `pg`, a number from PGlite.
  ok: string | number;
  revoked: string | number;
  expired: string | number;
  insufficient_scope: string | number;
  rate_limited: string | number;
}

interface KeyRow {
  project_id: string;
  id: string;
  type: ApiKeyType;
  owner_id: string;
  description: string;
  is_public: boolean;
  hash: string;
  last_four: string;
  // `pg` answers bigint as a string (it may exceed 2^53), PGlite as a number; millis fit either way.
  created_at_millis: string | number;
  expires_at_millis: string | number | null;
  revoked_at_millis: string | number | null;
  last_used_at_millis: string | number | null;
  rolled_from_id: string | null;
  rolled_to_id: string | null;
  // `pg` parses jsonb; the PGlite executor may hand over the text.
  scopes: string[] | string | null;
  revoked_reason: string | null;
  leaked_at_millis: string | number | null;
  leak_url: string | null;
}

const scopesOf = (value: string[] | string): string[] =>
  typeof value === "string" ? (JSON.parse(value) as string[]) : value;
// Sent as JSON text: `pg` would turn a JavaScript array into a PostgreSQL array, not a JSON one.
const scopesParam = (scopes: readonly string[] | null | undefined) =>
  scopes ? JSON.stringify(scopes) : null;
/** The insert's parameters, in INSERTED order and then the scopes. */
export const keyParams = (key: StoredApiKey) => [
  key.projectId,
  key.id,
  key.type,
  key.ownerId,
  key.description,
  key.isPublic,
  key.hash,
  key.lastFour,
  key.createdAtMillis,
  key.expiresAtMillis,
  key.revokedAtMillis,
  key.lastUsedAtMillis,
  scopesParam(key.scopes),
];

const millisOrNull = (value: string | number | null) => (value === null ? null : Number(value));

function fromRow(row: KeyRow): StoredApiKey {
  return {
    id: row.id,
    projectId: row.project_id,
    type: row.type,
    ownerId: row.owner_id,
    description: row.description,
    isPublic: row.is_public,
    hash: row.hash,
    lastFour: row.last_four,
    createdAtMillis: Number(row.created_at_millis),
    expiresAtMillis: millisOrNull(row.expires_at_millis),
    revokedAtMillis: millisOrNull(row.revoked_at_millis),
    lastUsedAtMillis: millisOrNull(row.last_used_at_millis),
    // Left out when unset, so rows read back equal the keys that went in.
    ...(row.rolled_from_id === null ? {} : { rolledFromId: row.rolled_from_id }),
    ...(row.rolled_to_id === null ? {} : { rolledToId: row.rolled_to_id }),
    ...(row.scopes === null || row.scopes === undefined ? {} : { scopes: scopesOf(row.scopes) }),
    ...(row.revoked_reason == null ? {} : { revokedReason: row.revoked_reason }),
    ...(row.leaked_at_millis == null
      ? {}
      : { leakedAtMillis: Number(row.leaked_at_millis), leakUrl: row.leak_url ?? "" }),
  };
}

/**
 * One store for every database that speaks PostgreSQL's SQL. Each method is a single statement, so it is
 * atomic on its own and instances sharing the database need no lock beyond the row's.
 */
export function createSqlStore({ open, isUnavailable = () => false }: SqlStoreOptions): SqlApiKeyStore {
  let opening: Promise<SqlExecutor> | null = null;
  let migrating: Promise<SqlExecutor> | null = null;
  let closed = false;

  // A failed attempt is forgotten, so a database that was down at boot is picked up once it is back.
  function executor(): Promise<SqlExecutor> {
    if (closed) return Promise.reject(new Error("The API key store has been closed."));
    if (!opening) {
      const attempt = open();
      opening = attempt;
      attempt.catch(() => {
        if (opening === attempt) opening = null;
      });
    }
    if (!migrating) {
      const attempt = opening.then(async (db) => {
        await migrate(db);
        return db;
      });
      migrating = attempt;
      attempt.catch(() => {
        if (migrating === attempt) migrating = null;
      });
    }
    return migrating;
  }

  // Every statement but `ready`'s is prepared where the executor can: the store runs the same few all day.
  async function query(text: string, params: unknown[], prepared = true): Promise<StoredApiKey[]> {
    return ((await rawQuery(text, params, prepared)) as KeyRow[]).map(fromRow);
  }

  async function rawQuery(text: string, params: unknown[], prepared = true): Promise<unknown[]> {
    return withDb(async (db) => {
      const { rows } =
        prepared && db.queryPrepared ? await db.queryPrepared(text, params) : await db.query(text, params);
      return rows;
    });
  }

  async function withDb<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
    try {
      return await fn(await executor());
    } catch (error) {
      if (isUnavailable(error)) {
        throw new StoreUnavailableError("The API key store is unavailable.", { cause: error });
      }
      throw error;
    }
  }

  const first = (rows: StoredApiKey[]) => rows[0] ?? null;

  return {
    async ready() {
      await query("SELECT 1 WHERE false", [], false);
    },

    async insert(key) {
      await query(SQL.insert, keyParams(key));
    },

    async get(projectId, id) {
      return first(await query(SQL.get, [projectId, id]));
    },

    async list(projectId, type, ownerId, limit) {
      return query(SQL.list, [projectId, type, ownerId, limit ?? null]);
    },

    insertWithinLimit: (key, maxWorking) => withDb((db) => insertWithinLimit(db, keyParams(key), maxWorking)),
    countRequest: (...args) => withDb((db) => countRequest(db, ...args)),
    peekRequests: (...args) => withDb((db) => peekRequests(db, ...args)),

    async findByHash(projectId, hash) {
      return first(await query(SQL.findByHash, [projectId, hash]));
    },

    async updateDescription(projectId, id, description) {
      return first(await query(SQL.updateDescription, [projectId, id, description]));
    },

    async revoke(projectId, id, atMillis) {
      // COALESCE keeps the first revocation: concurrent revokes all answer the timestamp that won.
      return first(await query(SQL.revoke, [projectId, id, atMillis]));
    },

    async reportLeak(projectId, hash, { url, atMillis, revoke }) {
      const rows = await rawQuery(SQL.reportLeak, [projectId, hash, atMillis, url, revoke]);
      const row = rows[0] as (KeyRow & { revoked_now: boolean }) | undefined;
      return row ? { key: fromRow(row), revoked: row.revoked_now } : null;
    },

    async claimRevocation(projectId, id, atMillis) {
      // Only the call that finds no revocation changes the row; the others read what the winner left.
      const won = first(await query(SQL.claimRevocation, [projectId, id, atMillis]));
      if (won) return { key: won, revoked: true };
      const key = first(await query(SQL.get, [projectId, id]));
      return key && { key, revoked: false };
    },

    async claimExpiring(projectId, atMillis, untilMillis, limit) {
      return query(SQL.claimExpiring, [projectId, atMillis, untilMillis, limit]);
    },

    async claimEndedOverlaps(projectId, atMillis, limit) {
      return query(SQL.claimEndedOverlaps, [projectId, atMillis, limit]);
    },

    async markUsed(projectId, id, atMillis) {
      // GREATEST skips NULL, and keeps a later use recorded by another instance from being moved back.
      await query(SQL.markUsed, [projectId, id, atMillis]);
    },

    async roll(projectId, id, next, { atMillis, untilMillis, revokeNow, scopes }) {
      const rows = await query(SQL.roll, [
        projectId,
        id,
        next.id,
        next.hash,
        next.lastFour,
        atMillis,
        next.expiresAtMillis,
        untilMillis,
        revokeNow,
        scopesParam(scopes),
        scopes === undefined,
      ]);
      const previous = rows.find((row) => row.id === id);
      const created = rows.find((row) => row.id === next.id);
      return previous && created ? { previous, next: created } : null;
    },

    async narrowScopes(projectId, id, scopes) {
      return first(await query(SQL.narrowScopes, [projectId, id, scopesParam(scopes)]));
    },

    async markUsedByHash(projectId, hash, type, atMillis) {
      // The same tests as check's, in the same statement as the write: a key revoked or expired a moment ago,
      // through any instance, is never marked used nor answered as valid. GREATEST as in markUsed.
      return first(await query(SQL.markUsedByHash, [projectId, hash, type, atMillis]));
    },

    async addUsage(projectId, increments, writer) {
      const byId: unknown[][] = [[], [], [], [], [], [], []];
      const byHash: unknown[][] = [[], [], [], [], [], [], [], []];
      for (const increment of increments) {
        const [to, head] =
          "keyId" in increment ? [byId, [increment.keyId]] : [byHash, [increment.hash, increment.type]];
        [...head, increment.day, ...increment.counts].forEach((value, i) => to[i]!.push(value));
      }
      const claim = writer ? [writer.id, writer.seq, writer.day] : [null, null, null];
      await rawQuery(SQL.addUsage, [projectId, ...byId, ...byHash, ...claim]);
    },

    async readUsage(projectId, keyIds, fromDay, toDay) {
      const rows = (await rawQuery(SQL.readUsage, [projectId, keyIds, fromDay, toDay])) as UsageRow[];
      return rows.map((row) => ({
        keyId: row.key_id,
        day: Number(row.day),
        counts: [row.ok, row.revoked, row.expired, row.insufficient_scope, row.rate_limited].map(
          Number,
        ) as UsageCounts,
      }));
    },

    async pruneUsage(projectId, beforeDay) {
      await rawQuery(SQL.pruneUsage, [projectId, beforeDay]);
      await rawQuery(SQL.pruneUsageWriters, [projectId, beforeDay]);
    },

    async close() {
      if (closed) return;
      closed = true;
      const pending = opening;
      opening = migrating = null;
      if (!pending) return;
      const db = await pending.catch(() => null);
      await db?.close();
    },
  };
}
