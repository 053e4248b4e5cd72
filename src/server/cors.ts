import { HEADER_PREFIXES } from "../client/wire.js";
import { errors } from "./errors.js";
import type { HeaderReader } from "./parse.js";

export interface CorsOptions {
  /**
   * The origins whose pages may call the API: exact origins (`"https://app.example.com"`, scheme, host and
   * port as a browser sends them), or a function that decides per origin.
   */
  origins: readonly string[] | ((origin: string) => boolean | Promise<boolean>);
  /** How long a browser may reuse a preflight's answer (`Access-Control-Max-Age`); default 600. */
  maxAgeSeconds?: number;
}

// What the client sends. Not `-secret-server-key`: a browser never holds it (the contract says so), so a page
// that tries to send it is refused at the preflight rather than leaking the key to every visitor.
const REQUEST_HEADERS = [
  "content-type",
  ...HEADER_PREFIXES.flatMap((prefix) =>
    ["project-id", "access-type", "publishable-client-key", "access-token", "override-error-status"].map(
      (suffix) => prefix + suffix,
    ),
  ),
].join(", ");

// What the client reads from an answer beyond the headers every page may read.
const RESPONSE_HEADERS = [
  ...HEADER_PREFIXES.flatMap((prefix) => [prefix + "known-error", prefix + "actual-status"]),
  "retry-after",
].join(", ");

export interface Cors {
  /** The request's origin if the option allows it, else `null`; asked once per request. */
  allowedOrigin(headers: HeaderReader): Promise<string | null>;
  /** Answers a preflight (`OPTIONS`) for a route that takes `methods`; throws a KnownError to refuse it. */
  preflight(headers: HeaderReader, origin: string | null, methods: readonly string[]): Answer;
  /** The headers any other answer carries. */
  headers(origin: string | null): Record<string, string>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The handler's `cors` option as steps; without the option, no origin is allowed. */
export function createCors(options: CorsOptions | undefined, onError?: (error: unknown) => void): Cors {
  const isAllowed = originTest(options, onError);
  const maxAge = String(options?.maxAgeSeconds ?? 600);
  // Without the option no answer depends on the origin, so none says it varies with it.
  const vary: Record<string, string> = options ? { vary: "Origin" } : {};

  return {
    async allowedOrigin(headers) {
      const origin = headers.get("origin");
      return origin !== null && (await isAllowed(origin)) ? origin : null;
    },
    preflight(headers, origin, methods) {
      if (!headers.get("access-control-request-method"))
        throw errors.methodNotAllowed("OPTIONS", [...methods]);
      if (!options) throw errors.corsNotEnabled(methods);
      if (origin === null) throw errors.originNotAllowed(headers.get("origin"));
      return {
        status: 204,
        headers: {
          "access-control-allow-origin": origin,
          "access-control-allow-methods": methods.join(", "),
          "access-control-allow-headers": REQUEST_HEADERS,
          "access-control-max-age": maxAge,
          ...vary,
        },
        body: "",
      };
    },
    headers(origin) {
      if (origin === null) return vary;
      return {
        "access-control-allow-origin": origin,
        "access-control-expose-headers": RESPONSE_HEADERS,
        ...vary,
      };
    },
  };
}

function originTest(
  options: CorsOptions | undefined,
  onError: ((error: unknown) => void) | undefined,
): (origin: string) => Promise<boolean> {
  if (!options) return async () => false;
  const { origins } = options;
  if (typeof origins === "function") {
    return async (origin) => {
      try {
        return (await origins(origin)) === true;
      } catch (error) {
        onError?.(error);
        return false;
      }
    };
  }
  if (!Array.isArray(origins)) throw new TypeError("cors.origins must be a list of origins or a function.");
  const allowed = new Set(origins.map(exactOrigin));
  return async (origin) => allowed.has(origin);
}

/** An origin exactly as a browser sends it; anything else (a path, `*`) is a mistake worth saying at startup. */
function exactOrigin(origin: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(origin);
  } catch {
    // reported below
  }
  const exact = parsed?.origin;
  if (!exact || exact === "null" || exact !== origin.replace(/\/$/, "")) {
    throw new TypeError(
      `cors.origins: ${JSON.stringify(origin)} is not an origin; write it as a browser sends it, like "https://app.example.com" or "http://localhost:3000" (to decide otherwise, pass a function).`,
    );
  }
  return exact;
}
