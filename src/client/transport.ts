import { ApiKeysError } from "./errors.js";
import { API_PATH } from "./wire.js";

export interface TransportOptions {
  baseUrl: string;
  /** Headers for every request; a function is called per request so a refreshed token is used. */
  headers: () => Promise<Record<string, string>> | Record<string, string>;
  fetch?: typeof fetch;
  /** Milliseconds before a request fails with TIMEOUT. Default 15 000. */
  timeoutMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
}

export type Transport = <T>(
  method: "GET" | "POST" | "PATCH",
  path: string,
  options: RequestOptions,
  parse: (json: unknown) => T,
) => Promise<T>;

const DEFAULT_TIMEOUT_MS = 15_000;

export function createTransport(options: TransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, "") + API_PATH;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return async (method, path, { query, body, signal }, parse) => {
    const doFetch = options.fetch ?? globalThis.fetch;
    const search = query ? `?${new URLSearchParams(query)}` : "";
    const timeout = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { ...(await options.headers()) };
    if (body !== undefined) headers["content-type"] = "application/json";

    let response: Response;
    let text: string;
    try {
      response = await doFetch(base + path + search, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const timedOut = timeout.aborted;
      throw new ApiKeysError({
        code: timedOut ? "TIMEOUT" : "NETWORK_ERROR",
        status: 0,
        message: timedOut
          ? `The API-keys server did not answer within ${timeoutMs} ms.`
          : "Could not reach the API-keys server. Check the connection and try again.",
        cause: error,
      });
    }

    // Stack's SDK may ask for errors as 200 with the real status in a header; honour it either way.
    const header =
      response.headers.get("x-stack-actual-status") ?? response.headers.get("x-hexclave-actual-status");
    const status = Number.isInteger(Number(header ?? NaN)) ? Number(header) : response.status;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: an error below keeps the text, a success is refused.
    }
    if (status < 200 || status >= 300) throw toError(status, json, text, response.statusText);
    if (json === undefined) {
      throw new ApiKeysError({
        code: "INVALID_RESPONSE",
        status,
        message: "The API-keys server answered with something that is not JSON.",
      });
    }
    return parse(json);
  };
}

function toError(status: number, json: unknown, text: string, statusText: string): ApiKeysError {
  const { code, error, details } = (json ?? {}) as { code?: unknown; error?: unknown; details?: unknown };
  return typeof code == "string"
    ? new ApiKeysError({
        code,
        status,
        message: (typeof error == "string" && error) || code,
        details: typeof details == "object" && details ? (details as Record<string, unknown>) : undefined,
      })
    : new ApiKeysError({
        code: "HTTP_ERROR",
        status,
        message: text.trim().slice(0, 500) || statusText || `The server answered ${status}.`,
      });
}
