import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiKeysHandler } from "./handler.js";

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8787`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Serves a handler over node:http. The body is streamed in, so the handler's byte cap still applies. */
export async function serve(handler: ApiKeysHandler, options: ServeOptions): Promise<RunningServer> {
  const hostname = options.hostname ?? "127.0.0.1";
  let origin = "";
  const server = createServer((req, res) => {
    void answer(handler, origin, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(handler: ApiKeysHandler, origin: string, req: IncomingMessage, res: ServerResponse) {
  const body = requestBody(req);
  try {
    const request = toRequest(origin, req, body.stream);
    if (!request) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Bad request");
      return;
    }
    const response = await handler(request);
    // An answer sent before the body was read (e.g. too large) leaves bytes in the socket: drop them
    // and close the connection rather than reuse it.
    if (!req.complete) res.setHeader("connection", "close");
    await writeResponse(response, res);
  } catch {
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
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
