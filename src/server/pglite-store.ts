import type { PGlite } from "@electric-sql/pglite";
import { statementNamer, type SqlExecutor } from "./sql-executor.js";
import { createSqlStore, type SqlApiKeyStore } from "./sql-store.js";

export interface PgliteStoreOptions {
  /** A folder to keep the database in; without one the database lives in memory and ends with the process. */
  dataDir?: string;
}

type PgliteModule = typeof import("@electric-sql/pglite");

/** Embedded PostgreSQL (PGlite) in this process: one instance per folder, no server to run. */
export function pgliteStore(options: PgliteStoreOptions = {}): SqlApiKeyStore {
  return createSqlStore({
    async open(): Promise<SqlExecutor> {
      // Imported here so that apps on another store need not install PGlite.
      const pglite = await import("@electric-sql/pglite");
      const db =
        options.dataDir === undefined
          ? await pglite.PGlite.create()
          : await pglite.PGlite.create(options.dataDir);
      return pgliteExecutor(db, pglite);
    },
  });
}

/**
 * PGlite's `query` sends each step of the extended protocol (parse, describe, bind, describe, execute, sync) as
 * a call of its own into the database and parses the statement anew every time: ~400 µs of CPU for a lookup
 * by hash. A statement prepared once and then run as one bind, execute and sync message costs ~80 µs.
 */
function pgliteExecutor(db: PGlite, { protocol: { serialize }, parse }: PgliteModule): SqlExecutor {
  // The wire protocol calls below go around PGlite's own queue, so everything through this executor takes
  // turns here: a prepared statement never lands between the steps of a `query` or inside a transaction.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn);
    tail = run.catch(() => {});
    return run;
  }

  const nameOf = statementNamer("react_api_keys_");
  // Per statement: its parameter types, and the row description that a bare bind and execute do not repeat.
  const statements = new Map<
    string,
    { paramTypes: number[]; head: Parameters<typeof parse.parseResults>[0] }
  >();
  let closed = false;

  async function runPrepared(text: string, params: unknown[]) {
    if (closed) throw new Error("The PGlite database has been closed.");
    const name = nameOf(text);
    let statement = statements.get(name);
    if (!statement) {
      const { messages } = await db.execProtocol(
        concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]),
      );
      statement = {
        paramTypes: parse.parseDescribeStatementResults(messages),
        head: messages.filter((message) => message.name === "rowDescription"),
      };
      statements.set(name, statement);
    }
    const { paramTypes } = statement;
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = db.serializers[paramTypes[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await db.execProtocol(
      concat([serialize.bind({ statement: name, values }), serialize.execute({}), serialize.sync()]),
    );
    return parse.parseResults([...statement.head, ...messages], db.parsers)[0] ?? { rows: [] };
  }

  return {
    query: (text, params) => exclusive(() => db.query(text, params)),
    transaction: (fn) => exclusive(() => db.transaction((tx) => fn(tx))),
    queryPrepared: (text, params) => exclusive(() => runPrepared(text, params)),
    close: () =>
      exclusive(async () => {
        closed = true;
        await db.close();
      }),
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
