/** The little of a SQL client the store needs. PGlite and a `pg` pool both speak it, with `$1` parameters. */
export interface SqlQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface SqlExecutor extends SqlQueryable {
  /** Runs `fn` on one connection between BEGIN and COMMIT, rolling back if it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
