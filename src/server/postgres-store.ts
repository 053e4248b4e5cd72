import type { Pool, PoolClient } from "pg";
import { optionalPeer } from "./optional-peer.js";
import { statementNamer, type SqlExecutor } from "./sql-executor.js";
import { createSqlStore, type SqlApiKeyStore } from "./sql-store.js";

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`, as `pg` reads it. */
  connectionString: string;
  /** Connections this instance may hold open at once (default 10). Several instances add up. */
  max?: number;
  /** How long a request waits for a connection before it fails as unavailable (default 5000). */
  connectionTimeoutMillis?: number;
  /** How long the server may run one statement before cancelling it (default 10000). */
  statementTimeoutMillis?: number;
}

// Node's network errors, which reach us when the server is down or unreachable.
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

// SQLSTATEs that say "the server cannot serve you now": shutdown, starting up, out of connections, timeout.
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "57014"]);

// `pg` reports its own timeouts and lost sockets as plain Errors without a code.
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|connection error/i;

export function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08")) return true;
  }
  if (UNAVAILABLE_MESSAGES.test(error.message)) return true;
  // AggregateError: Node tried several addresses (::1 and 127.0.0.1) and each refused.
  if (error instanceof AggregateError) return error.errors.some(isPostgresUnavailable);
  return false;
}

function poolExecutor(pool: Pool): SqlExecutor {
  const nameOf = statementNamer("react_api_keys_");
  return {
    query: (text, params) => pool.query(text, params),
    // `pg` parses a named statement once per connection and then sends only Bind and Execute.
    queryPrepared: (text, params) => pool.query({ name: nameOf(text), text, values: params }),
    async transaction(fn) {
      const client: PoolClient = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(client);
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        // A connection that cannot even roll back is broken: drop it rather than hand it to the next caller.
        const rollback = await client.query("ROLLBACK").then(
          () => undefined,
          (rollbackError: Error) => rollbackError,
        );
        client.release(rollback);
        throw error;
      }
    },
    close: () => pool.end(),
  };
}

/** A pooled PostgreSQL store. Any number of instances may share one database; the schema migrates on start. */
export function postgresStore(options: PostgresStoreOptions): SqlApiKeyStore {
  const statementTimeout = options.statementTimeoutMillis ?? 10_000;
  // Imported on first use, so that apps on another store need not install `pg`; left to Node rather than to an
  // app's webpack or Turbopack, as in pglite-store.ts.
  const loadPg = optionalPeer("pg", () => import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "pg"));
  return createSqlStore({
    isUnavailable: isPostgresUnavailable,
    async open() {
      const { default: pg } = await loadPg();
      const pool = new pg.Pool({
        connectionString: options.connectionString,
        max: options.max ?? 10,
        connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
        statement_timeout: statementTimeout,
        // The server's timeout cannot fire if the server is gone; this one, on our side, still does.
        query_timeout: statementTimeout + 1_000,
        keepAlive: true,
      });
      // An idle connection that the server drops emits here; without a listener Node would crash. The pool
      // has already discarded the connection, so there is nothing more to do.
      pool.on("error", () => {});
      return poolExecutor(pool);
    },
  });
}
