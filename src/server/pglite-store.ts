import type { SqlExecutor } from "./sql-executor.js";
import { createSqlStore, type SqlApiKeyStore } from "./sql-store.js";

export interface PgliteStoreOptions {
  /** A folder to keep the database in; without one the database lives in memory and ends with the process. */
  dataDir?: string;
}

/** Embedded PostgreSQL (PGlite) in this process: one instance per folder, no server to run. */
export function pgliteStore(options: PgliteStoreOptions = {}): SqlApiKeyStore {
  return createSqlStore({
    async open(): Promise<SqlExecutor> {
      // Imported here so that apps on another store need not install PGlite.
      const { PGlite } = await import("@electric-sql/pglite");
      const db = options.dataDir === undefined ? await PGlite.create() : await PGlite.create(options.dataDir);
      return {
        query: (text, params) => db.query(text, params),
        transaction: (fn) => db.transaction((tx) => fn(tx)),
        close: () => db.close(),
      };
    },
  });
}
