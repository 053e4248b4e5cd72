import { errors } from "./errors.js";
import { guardJsonText } from "./text-guard.js";

/** Bodies are read up to this many bytes, whatever `content-length` claims. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Ids in queries and bodies are opaque strings; anything longer is junk rather than an id. */
export const MAX_ID_LENGTH = 256;

/** The headers the handler reads; `Headers` has this shape, and so does the node adapter's fast path. */
export interface HeaderReader {
  /** The value, several values joined with ", " as `Headers` does, or `null`; `name` is lowercase. */
  get(name: string): string | null;
}

/** A request body the handler may read once, with a cap. */
export interface BodySource {
  readonly headers: HeaderReader;
  /** Reads the whole body, or stops once it passes `limit` bytes and answers `null`. Rejects if it cannot be read. */
  read(limit: number): Promise<Uint8Array | null>;
  /** Gives up on a body that will not be read. */
  discard(): Promise<void>;
}

/** A `Request`'s body as a `BodySource`. */
export function requestBodySource(request: Request): BodySource {
  return {
    headers: request.headers,
    read: (limit) => readCapped(request.body, limit),
    discard: async () => {
      await request.body?.cancel().catch(() => {});
    },
  };
}

/** A body's bytes, at most `limit` of them: a larger one (declared or sent) is drained and refused with 413. */
export async function readBodyBytes(source: BodySource, limit: number): Promise<Uint8Array> {
  const declared = Number(source.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await source.discard();
    throw errors.bodyTooLarge(limit);
  }
  let bytes: Uint8Array | null;
  try {
    bytes = await source.read(limit);
  } catch {
    throw errors.bodyParsing("The request body could not be read.");
  }
  if (bytes === null) throw errors.bodyTooLarge(limit);
  return bytes;
}

// Decoding without { stream: true } keeps no state between calls, so one decoder serves every request.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a JSON body with a byte cap. An empty body answers `undefined`, so the endpoint can say which fields
 * it wanted; anything that is not `application/json` is refused rather than guessed at.
 */
export async function readJsonBody(source: BodySource, limit = MAX_BODY_BYTES): Promise<unknown> {
  const bytes = await readBodyBytes(source, limit);
  if (bytes.length === 0) return undefined;

  const mediaType = source.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw errors.bodyParsing(
      mediaType
        ? `Unknown content type in request body: ${mediaType}. Send application/json.`
        : "The request body has no content-type. Send application/json.",
    );
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw errors.bodyParsing("Request body cannot be parsed as UTF-8");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw errors.bodyParsing("Invalid JSON in request body");
  }
  guardJsonText(body);
  return body;
}

async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Collects every problem with one request before answering, so a caller sees all of them in one
 * `SCHEMA_ERROR` (as Stack's validator does), with the same "Request validation failed on …" wording.
 */
export class Problems {
  private readonly list: string[] = [];
  constructor(private readonly where: string) {}

  add(problem: string): void {
    this.list.push(problem);
  }

  /** Narrows `value` to a plain object and reports fields outside `allowed`. */
  object(value: unknown, name: "body" | "query", allowed: readonly string[]): Record<string, unknown> | null {
    if (value === undefined) {
      this.add(`${name} is required`);
      return null;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.add(`${name} must be an object`);
      return null;
    }
    const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) this.add(`${name} contains unknown properties: ${unknown.join(", ")}`);
    return value as Record<string, unknown>;
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    const message = `Request validation failed on ${this.where}:\n${this.list.map((p) => `  - ${p}`).join("\n")}`;
    throw errors.schema(message);
  }
}

/** Query parameters as an object; a name given twice is a problem rather than a silent pick. */
export function queryObject(params: URLSearchParams, problems: Problems): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    if (values.length > 1) problems.add(`query.${name} must be given once`);
    out[name] = values[0] ?? "";
  }
  return out;
}

/** Checks an id-like field: present if required, a non-empty string of sensible length. */
export function idField(
  source: Record<string, unknown> | null,
  field: string,
  name: string,
  problems: Problems,
  required: boolean,
): string | undefined {
  if (!source) return undefined;
  const value = source[field];
  if (value === undefined) {
    if (required) problems.add(`${name}.${field} must be defined`);
    return undefined;
  }
  if (typeof value !== "string") {
    problems.add(`${name}.${field} must be a string`);
    return undefined;
  }
  if (value.trim() === "" || value.length > MAX_ID_LENGTH) {
    problems.add(`${name}.${field} must be a non-empty id of at most ${MAX_ID_LENGTH} characters`);
    return undefined;
  }
  return value;
}
