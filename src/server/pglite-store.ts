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
 * a call of its own into the database, parses the statement anew every time and decodes the answers through a
 * general-purpose protocol parser: ~400 µs of CPU for a lookup by hash. Here a statement is prepared once, and
 * each run is one bind, execute and sync message whose few answer messages are read directly: ~100 µs.
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
  let closed = false;

  async function prepare(name: string, text: string): Promise<PreparedStatement> {
    const { messages } = await db.execProtocol(
      concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]),
    );
    const description = messages.find((message) => message.name === "rowDescription") as
      { fields: { name: string; dataTypeID: number }[] } | undefined;
    return {
      name: encoder.encode(name),
      paramTypes: pglite.parse.parseDescribeStatementResults(messages),
      fields: (description?.fields ?? []).map(({ name, dataTypeID }) => ({ name, dataTypeID })),
    };
  }

  async function runPrepared(text: string, params: unknown[]) {
    if (closed) throw new Error("The PGlite database has been closed.");
    const name = nameOf(text);
    let statement = statements.get(name);
    if (!statement) {
      statement = await prepare(name, text);
      statements.set(name, statement);
    }
    const { paramTypes, fields } = statement;
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = db.serializers[paramTypes[i]!];
      return encoder.encode(serializer ? serializer(value) : String(value));
    });
    // The raw stream, unlike execProtocolRaw, does not also run every answer through PGlite's own parser.
    // Its chunks are views of the database's memory, so they are copied before the next call reuses it.
    const chunks: Uint8Array[] = [];
    await db.execProtocolRawStream(bindExecuteSync(statement.name, values), {
      onRawData: (chunk) => chunks.push(chunk.slice()),
    });
    const answer = chunks.length === 1 ? chunks[0]! : concat(chunks);
    const rows = readRows(answer, fields, (value, type) => pglite.types.parseType(value, type, db.parsers));
    return { rows };
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

interface PreparedStatement {
  name: Uint8Array;
  paramTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bind (text parameters, text results) to the unnamed portal, Execute it, Sync: PostgreSQL's v3 protocol. */
function bindExecuteSync(statement: Uint8Array, values: (Uint8Array | null)[]): Uint8Array {
  let bindLength = 4 + 1 + statement.length + 1 + 2 + 2 + 2;
  for (const value of values) bindLength += 4 + (value?.length ?? 0);
  const out = new Uint8Array(1 + bindLength + 10 + 5);
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
  at += 4;
  out[at++] = 0x53; // S
  view.setInt32(at, 4);
  return out;
}

/** Reads the DataRow messages of an answer into objects, and throws the first ErrorResponse. */
function readRows(
  answer: Uint8Array,
  fields: PreparedStatement["fields"],
  parse: (value: string, type: number) => unknown,
): Record<string, unknown>[] {
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  const rows: Record<string, unknown>[] = [];
  let at = 0;
  while (at + 5 <= answer.length) {
    const type = answer[at]!;
    const end = at + 1 + view.getInt32(at + 1);
    let cursor = at + 5;
    if (type === 0x44) {
      // D: a column count, then each column's length (-1 for NULL) and text.
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
      rows.push(row);
    } else if (type === 0x45) {
      throw databaseError(answer.subarray(cursor, end));
    }
    at = end;
  }
  return rows;
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
