import type { PGlite } from "@electric-sql/pglite";
import { lockFolder } from "./folder-lock.js";
import { optionalPeer } from "./optional-peer.js";
import { statementNamer, type SqlExecutor } from "./sql-executor.js";
import { createSqlStore, type SqlApiKeyStore } from "./sql-store.js";

export interface PgliteStoreOptions {
  /**
   * A folder to keep the database in; without one the database lives in memory and ends with the process.
   * In Node, one store holds a folder at a time: a second one (in any process) is refused with a reason
   * instead of corrupting it. A `file://` URL is such a folder too; PGlite's other URLs (`idb://…`, `memory://`) are
   * passed through as they are.
   */
  dataDir?: string;
}

type PgliteModule = typeof import("@electric-sql/pglite");

/** Embedded PostgreSQL (PGlite) in this process: one instance per folder, no server to run. */
export function pgliteStore(options: PgliteStoreOptions = {}): SqlApiKeyStore {
  // Imported on first use, so that apps on another store need not install PGlite. The comments keep an app's
  // webpack or Turbopack from resolving it at build time (an app without PGlite would fail to build) and from
  // bundling PGlite's WebAssembly and data files away from where PGlite looks for them: Node loads it.
  const loadPglite = optionalPeer(
    "@electric-sql/pglite",
    () => import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "@electric-sql/pglite"),
  );
  return createSqlStore({
    async open(): Promise<SqlExecutor> {
      const pglite = await loadPglite();
      const { dataDir } = options;
      if (dataDir === undefined) return pgliteExecutor(await pglite.PGlite.create(), pglite);
      const folder = folderOf(dataDir);
      const unlock = folder === null ? async () => {} : await lockFolder(folder);
      try {
        const executor = pgliteExecutor(await pglite.PGlite.create(dataDir), pglite);
        return { ...executor, close: () => executor.close().finally(unlock) };
      } catch (error) {
        await unlock();
        throw error;
      }
    },
  });
}

/**
 * The folder on disk that `dataDir` names, in Node (a browser has no folders to share), or `null` for PGlite's
 * other URLs. PGlite keeps a `file://` URL on disk too, so that folder is locked like a plain path.
 */
function folderOf(dataDir: string): string | null {
  if (typeof process === "undefined" || !process.getBuiltinModule) return null;
  // Read as PGlite reads it: the rest after the scheme, not decoded (`file://data` is the relative `data`).
  if (dataDir.startsWith("file://")) return dataDir.slice("file://".length) || null;
  return /^[a-z]+:\/\//i.test(dataDir) ? null : dataDir;
}

/**
 * PGlite's `query` sends each step of the extended protocol (parse, describe, bind, describe, execute, sync) as
 * a call of its own into the database, parses the statement anew every time and decodes the answers through a
 * general-purpose protocol parser: ~400 µs of CPU for a lookup by hash. Here a statement is prepared once and
 * then only bound and executed, and the few answer messages are read directly: ~100 µs for check's UPDATE.
 *
 * Most of what remains is the commit, so statements that arrive while the database is busy go in together, as
 * one message of Bind/Execute pairs and one Sync: PostgreSQL runs them in order in one implicit transaction and
 * commits them once (group commit), ~45 µs each. Each caller's answer still waits for that commit. If one of
 * them fails, PostgreSQL rolls the whole group back, and each is run again alone so only its own caller sees
 * its error.
 */
function pgliteExecutor(db: PGlite, pglite: PgliteModule): SqlExecutor {
  // The wire protocol calls below go around PGlite's own queue, so everything through this executor takes
  // turns here: a prepared statement never lands between the steps of a `query` or inside a transaction.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn);
    tail = run.catch(() => {});
    return run;
  }

  const { serialize } = pglite.protocol;
  const nameOf = statementNamer("react_api_keys_");
  const statements = new Map<string, PreparedStatement>();
  const parse = (value: string, type: number) => pglite.types.parseType(value, type, db.parsers);
  let closed = false;
  let waiting: Run[] = [];
  let flushScheduled = false;

  async function prepare(text: string): Promise<PreparedStatement> {
    const name = nameOf(text);
    let statement = statements.get(name);
    if (!statement) {
      const { messages } = await db.execProtocol(
        concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]),
      );
      const description = messages.find((message) => message.name === "rowDescription") as
        { fields: { name: string; dataTypeID: number }[] } | undefined;
      statement = {
        name: encoder.encode(name),
        paramTypes: pglite.parse.parseDescribeStatementResults(messages),
        fields: (description?.fields ?? []).map(({ name, dataTypeID }) => ({ name, dataTypeID })),
      };
      statements.set(name, statement);
    }
    return statement;
  }

  function encodeParams({ paramTypes }: PreparedStatement, params: unknown[]): (Uint8Array | null)[] {
    return params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = db.serializers[paramTypes[i]!];
      return encoder.encode(serializer ? serializer(value) : String(value));
    });
  }

  /** Runs the group between one pair of Syncs; answers each run's rows, or throws the first error. */
  async function runGroup(group: Ready[]): Promise<Record<string, unknown>[][]> {
    const parts: Uint8Array[] = group.map(({ statement, values }) => bindExecute(statement.name, values));
    parts.push(SYNC);
    // The raw stream, unlike execProtocolRaw, does not also run every answer through PGlite's own parser.
    // Its chunks are views of the database's memory, so they are copied before the next call reuses it.
    const chunks: Uint8Array[] = [];
    await db.execProtocolRawStream(concat(parts), { onRawData: (chunk) => chunks.push(chunk.slice()) });
    return readResults(
      chunks.length === 1 ? chunks[0]! : concat(chunks),
      group.map(({ statement }) => statement.fields),
      parse,
    );
  }

  async function flush(): Promise<void> {
    const runs = waiting;
    waiting = [];
    flushScheduled = false;
    try {
      await runAll(runs);
    } catch (error) {
      // Not expected; but a caller must never wait forever (settling a settled promise changes nothing).
      for (const run of runs) run.reject(error);
    }
  }

  async function runAll(runs: Run[]): Promise<void> {
    const group: Ready[] = [];
    for (const run of runs) {
      try {
        if (closed) throw new Error("The PGlite database has been closed.");
        const statement = statements.get(nameOf(run.text)) ?? (await prepare(run.text));
        group.push({ ...run, statement, values: encodeParams(statement, run.params) });
      } catch (error) {
        run.reject(error);
      }
    }
    if (group.length === 0) return;
    try {
      const results = await runGroup(group);
      group.forEach((run, i) => run.resolve({ rows: results[i]! }));
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      for (const run of group) {
        await runGroup([run]).then(([rows]) => run.resolve({ rows: rows! }), run.reject);
      }
    }
  }

  return {
    query: (text, params) => exclusive(() => db.query(text, params)),
    transaction: (fn) => exclusive(() => db.transaction((tx) => fn(tx))),
    queryPrepared(text, params) {
      return new Promise((resolve, reject) => {
        waiting.push({ text, params, resolve, reject });
        if (flushScheduled) return;
        flushScheduled = true;
        // After the I/O callbacks now due, so that requests which came in meanwhile join this group.
        later(() => {
          exclusive(flush).catch(() => {}); // flush settles every run itself and never rejects
        });
      });
    },
    close: () =>
      exclusive(async () => {
        await flush();
        closed = true;
        await db.close();
      }),
  };
}

const later: (fn: () => void) => void =
  typeof setImmediate === "function" ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);

interface PreparedStatement {
  name: Uint8Array;
  paramTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

interface Run {
  text: string;
  params: unknown[];
  resolve(result: { rows: unknown[] }): void;
  reject(error: unknown): void;
}

interface Ready extends Run {
  statement: PreparedStatement;
  values: (Uint8Array | null)[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/** Bind (text parameters, text results) to the unnamed portal and Execute it: PostgreSQL's v3 protocol. */
function bindExecute(statement: Uint8Array, values: (Uint8Array | null)[]): Uint8Array {
  let bindLength = 4 + 1 + statement.length + 1 + 2 + 2 + 2;
  for (const value of values) bindLength += 4 + (value?.length ?? 0);
  const out = new Uint8Array(1 + bindLength + 10);
  const view = new DataView(out.buffer);
  let at = 0;
  out[at++] = 0x42; // B
  view.setInt32(at, bindLength);
  at += 4;
  out[at++] = 0; // the unnamed portal
  out.set(statement, at);
  at += statement.length;
  out[at++] = 0;
  view.setInt16(at, 0); // every parameter in text format
  at += 2;
  view.setInt16(at, values.length);
  at += 2;
  for (const value of values) {
    view.setInt32(at, value === null ? -1 : value.length);
    at += 4;
    if (value) {
      out.set(value, at);
      at += value.length;
    }
  }
  view.setInt16(at, 0); // every result column in text format
  at += 2;
  out[at++] = 0x45; // E
  view.setInt32(at, 9);
  at += 4;
  out[at++] = 0; // the unnamed portal
  view.setInt32(at, 0); // no row limit
  return out;
}

/**
 * Reads the DataRow messages of an answer into objects, one list per statement (each ends at its
 * CommandComplete), and throws the first ErrorResponse.
 */
function readResults(
  answer: Uint8Array,
  fieldsOf: PreparedStatement["fields"][],
  parse: (value: string, type: number) => unknown,
): Record<string, unknown>[][] {
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  const results: Record<string, unknown>[][] = fieldsOf.map(() => []);
  let statement = 0;
  let at = 0;
  while (at + 5 <= answer.length) {
    const type = answer[at]!;
    const end = at + 1 + view.getInt32(at + 1);
    let cursor = at + 5;
    if (type === 0x44) {
      // D: a column count, then each column's length (-1 for NULL) and text.
      const fields = fieldsOf[statement]!;
      const count = view.getInt16(cursor);
      cursor += 2;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) {
        const length = view.getInt32(cursor);
        cursor += 4;
        const field = fields[i]!;
        if (length < 0) {
          row[field.name] = null;
        } else {
          row[field.name] = parse(decoder.decode(answer.subarray(cursor, cursor + length)), field.dataTypeID);
          cursor += length;
        }
      }
      results[statement]!.push(row);
    } else if (type === 0x43 || type === 0x49) {
      // CommandComplete or EmptyQueryResponse: the next rows are the next statement's.
      statement++;
    } else if (type === 0x45) {
      throw databaseError(answer.subarray(cursor, end));
    }
    at = end;
  }
  if (statement !== fieldsOf.length) throw new Error("PGlite answered fewer statements than it was sent.");
  return results;
}

/** An ErrorResponse's fields (a code byte, then text up to a NUL) as an Error with PostgreSQL's `code`. */
function databaseError(body: Uint8Array): Error {
  const fields: Record<string, string> = {};
  let at = 0;
  while (at < body.length && body[at] !== 0) {
    const code = String.fromCharCode(body[at]!);
    const stop = body.indexOf(0, at + 1);
    fields[code] = decoder.decode(body.subarray(at + 1, stop));
    at = stop + 1;
  }
  return Object.assign(new Error(fields.M ?? "PGlite answered an error."), {
    name: "DatabaseError",
    code: fields.C,
    severity: fields.S,
    detail: fields.D,
    constraint: fields.n,
    table: fields.t,
  });
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
