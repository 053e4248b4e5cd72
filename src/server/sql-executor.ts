/** The little of a SQL client the store needs. PGlite and a `pg` pool both speak it, with `$1` parameters. */
export interface SqlQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface SqlExecutor extends SqlQueryable {
  /** Runs `fn` on one connection between BEGIN and COMMIT, rolling back if it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /**
   * As `query`, for a statement the store runs again and again: prepared once per connection and then only
   * bound and executed, which spares the parsing and planning. Optional; without it the store calls `query`.
   */
  queryPrepared?(text: string, params: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

/** Gives each distinct statement text a name of its own, for prepared statements. */
export function statementNamer(prefix: string): (text: string) => string {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `${prefix}${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
}
