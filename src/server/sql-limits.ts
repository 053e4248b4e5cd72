import type { SqlExecutor } from "./sql-executor.js";
import { KEYS_TABLE, RATE_LIMITS_TABLE } from "./sql-schema.js";

const LIMITS_SQL = {
  insertWithinLimit: `SELECT ${KEYS_TABLE}_insert_within_limit(
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS inserted`,
  // A spent window is left as it is and answers no row.
  count: `INSERT INTO ${RATE_LIMITS_TABLE} AS counter (subject, window_start_millis, expires_at_millis, count)
    VALUES ($1, $2, $3, 1)
    ON CONFLICT (subject, window_start_millis) DO UPDATE SET count = counter.count + 1 WHERE counter.count < $4
    RETURNING count`,
  peek: `SELECT count FROM ${RATE_LIMITS_TABLE} WHERE subject = $1 AND window_start_millis = $2`,
  sweep: `DELETE FROM ${RATE_LIMITS_TABLE} WHERE expires_at_millis <= $1`,
} as const;

/** `params` as `insert` takes them; the owner's limit is checked and the key inserted in one statement. */
export async function insertWithinLimit(
  db: SqlExecutor,
  params: unknown[],
  maxWorking: number,
): Promise<boolean> {
  const run = db.queryPrepared ?? db.query;
  const { rows } = await run.call(db, LIMITS_SQL.insertWithinLimit, [...params, maxWorking]);
  return (rows[0] as { inserted: boolean }).inserted === true;
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
