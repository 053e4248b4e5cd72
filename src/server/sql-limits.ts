import type { SqlExecutor } from "./sql-executor.js";
import { KEYS_TABLE, RATE_LIMITS_TABLE } from "./sql-schema.js";

const LIMITS_SQL = {
  // Creates for one owner queue here until the transaction ends, so each counts the ones committed before it.
  lockOwner: `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`,
  countWorking: `SELECT count(*) AS count FROM ${KEYS_TABLE}
    WHERE owner_id = $3 AND type = $2 AND project_id = $1 AND revoked_at_millis IS NULL
    AND (expires_at_millis IS NULL OR expires_at_millis > $4)`,
  // A spent window is left as it is and answers no row.
  count: `INSERT INTO ${RATE_LIMITS_TABLE} AS counter (subject, window_start_millis, expires_at_millis, count)
    VALUES ($1, $2, $3, 1)
    ON CONFLICT (subject, window_start_millis) DO UPDATE SET count = counter.count + 1 WHERE counter.count < $4
    RETURNING count`,
  peek: `SELECT count FROM ${RATE_LIMITS_TABLE} WHERE subject = $1 AND window_start_millis = $2`,
  sweep: `DELETE FROM ${RATE_LIMITS_TABLE} WHERE expires_at_millis <= $1`,
} as const;

/** `params` as `insert` takes them: project, id, type, owner, … created_at_millis at index 8. */
export async function insertWithinLimit(
  db: SqlExecutor,
  insert: string,
  params: unknown[],
  maxWorking: number,
): Promise<boolean> {
  const [projectId, , type, ownerId] = params as string[];
  return db.transaction(async (tx) => {
    await tx.query(LIMITS_SQL.lockOwner, [JSON.stringify([projectId, type, ownerId])]);
    const { rows } = await tx.query(LIMITS_SQL.countWorking, [projectId, type, ownerId, params[8]]);
    if (Number((rows[0] as { count: string | number }).count) >= maxWorking) return false;
    await tx.query(insert, params);
    return true;
  });
}

export async function countRequest(
  db: SqlExecutor,
  subject: string,
  windowStartMillis: number,
  windowMs: number,
  limit: number,
): Promise<number | null> {
  const run = db.queryPrepared ?? db.query;
  const params = [subject, windowStartMillis, windowStartMillis + windowMs, limit];
  const { rows } = await run.call(db, LIMITS_SQL.count, params);
  const count = rows.length === 0 ? null : Number((rows[0] as { count: number }).count);
  // The first request of a window clears the windows that have ended, so the table holds running ones only.
  if (count === 1) await run.call(db, LIMITS_SQL.sweep, [windowStartMillis]);
  return count;
}

export async function peekRequests(db: SqlExecutor, subject: string, windowStartMillis: number) {
  const run = db.queryPrepared ?? db.query;
  const { rows } = await run.call(db, LIMITS_SQL.peek, [subject, windowStartMillis]);
  return rows.length === 0 ? 0 : Number((rows[0] as { count: number }).count);
}
