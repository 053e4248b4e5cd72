import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  flushApiKeyUsage,
  handlerCore,
  type ApiKeysHandler,
  type HandlerCore,
  type HandlerRequest,
} from "./handler.js";

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
  /** How long `close()` lets requests in flight finish before it cuts them (default 10,000 ms). */
  closeTimeoutMs?: number;
  /** How long a whole request may take to arrive, headers and body (default 30,000 ms; node's is 300,000). */
  requestTimeoutMs?: number;
  /** How long the headers may take to arrive (default 10,000 ms; node's is 60,000). */
  headersTimeoutMs?: number;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8787`, without a trailing slash. */
  url: string;
  /**
   * Stops taking connections, lets the requests in flight finish (each answered, with `connection: close`),
   * then closes. Requests still running after `closeTimeoutMs` are cut.
   */
  close(): Promise<void>;
}

/**
 * Serves a handler over node:http. The body is read as it arrives, so the handler's byte cap still applies.
 * A handler made by `createApiKeysHandler` is called without a `Request` or `Response` around it (they cost
 * more than the rest of a `check`); any other function gets a `Request` and answers a `Response`.
 */
export async function serve(handler: ApiKeysHandler, options: ServeOptions): Promise<RunningServer> {
  const hostname = options.hostname ?? "127.0.0.1";
  let origin = "";
  const listener = toNodeListener(handler, () => origin);
  const server = createServer(
    {
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      headersTimeout: options.headersTimeoutMs ?? 10_000,
    },
    (req, res) => {
      inFlight++;
      if (closing) res.setHeader("connection", "close");
      res.once("close", onAnswered);
      listener(req, res);
    },
  );
  let inFlight = 0;
  let closing: Promise<void> | null = null;
  let drained: (() => void) | null = null;
  function onAnswered() {
    inFlight--;
    if (!closing) return;
    // A keep-alive connection whose answer is out is idle now; without this it would hold close() open.
    server.closeIdleConnections();
    if (inFlight === 0) drained?.();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;

  async function close(): Promise<void> {
    const stopped = new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
    });
    server.closeIdleConnections();
    if (inFlight > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (drained = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, options.closeTimeoutMs ?? 10_000))),
      ]);
      clearTimeout(timer);
    }
    server.closeAllConnections();
    await stopped;
    // Counts still in memory would be lost with the process; the store is the app's to close after this.
    await flushApiKeyUsage(handler);
  }

  return {
    url: origin,
    close: () => (closing ??= close()),
  };
}

/**
 * A handler as a node:http (or Connect, as in Vite's dev server) listener. `origin` says which origin request
 * URLs are read against; requests whose URL names another origin answer 400.
 */
export function toNodeListener(
  handler: ApiKeysHandler,
  origin: (req: IncomingMessage) => string,
): (req: IncomingMessage, res: ServerResponse) => void {
  const core = handlerCore(handler);
  return core
    ? (req, res) => void answerFromCore(core, origin(req), req, res)
    : (req, res) => void answer(handler, origin(req), req, res);
}

async function answerFromCore(core: HandlerCore, origin: string, req: IncomingMessage, res: ServerResponse) {
  try {
    const request = toHandlerRequest(origin, req);
    if (!request) {
      res.writeHead(400, BAD_REQUEST_HEADERS).end("Bad request");
      return;
    }
    const { status, headers, body } = await core(request);
    if (!req.complete) await drain(req);
    if (!req.complete) res.setHeader("connection", "close");
    res.writeHead(status, headers).end(typeof body == "string" ? body : body.join(""));
  } catch {
    if (!res.headersSent) res.writeHead(500, BAD_REQUEST_HEADERS);
    res.end();
  } finally {
    // Whatever of the body the handler did not read is dropped, so the socket can be reused or closed.
    req.resume();
  }
}

const BAD_REQUEST_HEADERS = {
  "content-type": "text/plain; charset=utf-8",
  "x-content-type-options": "nosniff",
};

// Bodies this large are still read (and dropped) before an early answer such as 413, because a client that is
// still sending (fetch is) would otherwise see its upload cut (EPIPE) instead of the answer.
const MAX_DRAIN_BYTES = 32 * 1024 * 1024;
const MAX_DRAIN_MS = 10_000;

/** Reads and drops the rest of the body, up to the limits above; past them the connection is closed. */
function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let size = 0;
    const done = () => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", done);
      req.off("close", done);
      req.off("error", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_DRAIN_BYTES) done();
    };
    const timer = setTimeout(done, MAX_DRAIN_MS);
    req.on("data", onData);
    req.once("end", done);
    req.once("close", done);
    req.once("error", done);
    req.resume();
  });
}

// The Fetch API refuses these methods (new Request throws), so the Request path answers them 400; so does this.
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

function toHandlerRequest(origin: string, req: IncomingMessage): HandlerRequest | null {
  const method = req.method ?? "GET";
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) return null;
  let url: URL;
  try {
    // The origin is the address we listen on, not the Host header, which a caller may set to anything.
    url = new URL(req.url ?? "/", origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  return new NodeRequest(method, url, req);
}

// Classes and module-level listeners rather than closures made per request: cheaper, and under tsx (as in
// `npm run bench:server`) every named closure also costs a defineProperty for its name.
class NodeRequest implements HandlerRequest {
  readonly headers: RawHeaders;
  constructor(
    readonly method: string,
    readonly url: URL,
    private readonly req: IncomingMessage,
  ) {
    this.headers = new RawHeaders(req.rawHeaders);
  }

  read(limit: number): Promise<Uint8Array | null> {
    if (this.method === "GET" || this.method === "HEAD") return Promise.resolve(new Uint8Array(0));
    return readBody(this.req, limit);
  }

  async discard(): Promise<void> {
    this.req.resume();
  }
}

/** As `Headers` reads them: case-insensitive, and a header sent twice reads as its values joined with ", ". */
class RawHeaders {
  constructor(private readonly raw: string[]) {}

  get(name: string): string | null {
    const raw = this.raw;
    let value: string | null = null;
    for (let i = 0; i < raw.length; i += 2) {
      const candidate = raw[i]!;
      if (candidate.length === name.length && candidate.toLowerCase() === name) {
        value = value === null ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`;
      }
    }
    return value;
  }
}

interface BodyRead {
  chunks: Buffer[];
  size: number;
  limit: number;
  resolve(body: Uint8Array | null): void;
  reject(error: Error): void;
}

const bodyReads = new WeakMap<IncomingMessage, BodyRead>();

/** Collects the body, or stops listening once it passes `limit` bytes and answers null. */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    bodyReads.set(req, { chunks: [], size: 0, limit, resolve, reject });
    req.on("data", onBodyData);
    req.on("end", onBodyEnd);
    req.on("error", onBodyError);
    req.on("close", onBodyClose);
  });
}

function stopReading(req: IncomingMessage): BodyRead | undefined {
  req.off("data", onBodyData);
  req.off("end", onBodyEnd);
  req.off("error", onBodyError);
  req.off("close", onBodyClose);
  const read = bodyReads.get(req);
  bodyReads.delete(req);
  return read;
}

function onBodyData(this: IncomingMessage, chunk: Buffer) {
  const read = bodyReads.get(this);
  if (!read) return;
  read.size += chunk.byteLength;
  if (read.size > read.limit) {
    stopReading(this);
    this.resume();
    read.resolve(null);
  } else {
    read.chunks.push(chunk);
  }
}

function onBodyEnd(this: IncomingMessage) {
  const read = stopReading(this);
  if (!read) return;
  const body = read.chunks.length === 1 ? read.chunks[0]! : Buffer.concat(read.chunks, read.size);
  read.resolve(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
}

function onBodyError(this: IncomingMessage, error: Error) {
  stopReading(this)?.reject(error);
}

// Closed before the end without an error (node emits "aborted" errors, but a listener must not hang).
function onBodyClose(this: IncomingMessage) {
  stopReading(this)?.reject(new Error("The request was closed before its body ended."));
}

async function answer(handler: ApiKeysHandler, origin: string, req: IncomingMessage, res: ServerResponse) {
  const body = requestBody(req);
  try {
    const request = toRequest(origin, req, body.stream);
    if (!request) {
      res.writeHead(400, BAD_REQUEST_HEADERS).end("Bad request");
      return;
    }
    const response = await handler(request);
    if (!req.complete) {
      body.release();
      await drain(req);
    }
    // An answer sent before the body was read (e.g. too large) leaves bytes in the socket: drop them
    // and close the connection rather than reuse it.
    if (!req.complete) res.setHeader("connection", "close");
    await writeResponse(response, res);
  } catch {
    if (!res.headersSent) res.writeHead(500, BAD_REQUEST_HEADERS);
    res.end();
  } finally {
    body.release();
  }
}

function toRequest(origin: string, req: IncomingMessage, body: ReadableStream<Uint8Array>): Request | null {
  try {
    const headers = new Headers();
    for (const [name, values] of Object.entries(req.headersDistinct)) {
      for (const value of values ?? []) headers.append(name, value);
    }
    const method = req.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD";
    // The origin is the address we listen on, not the Host header, which a caller may set to anything.
    const url = new URL(req.url ?? "/", origin);
    if (url.origin !== origin) return null;
    return new Request(url, {
      method,
      headers,
      ...(hasBody ? { body, duplex: "half" } : {}),
    } as RequestInit);
  } catch {
    return null;
  }
}

/**
 * Adapts the request to a web stream without `Readable.toWeb`, whose cancel would destroy the socket
 * before the answer is written.
 */
function requestBody(req: IncomingMessage) {
  let finished = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on("end", () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      req.on("error", (error) => {
        if (finished) return;
        finished = true;
        controller.error(error);
      });
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      finished = true;
      req.resume();
    },
  });
  return {
    stream,
    release() {
      finished = true;
      req.resume();
    },
  };
}

async function writeResponse(response: Response, res: ServerResponse) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
  }
  res.end();
}
