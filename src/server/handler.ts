import { API_PATH } from "../client/wire.js";
import { authenticate, header } from "./auth.js";
import { createCors, type CorsOptions } from "./cors.js";
import { checkKey, createKey, listKeys, readKey, updateKey, type EndpointContext } from "./endpoints.js";
import { deliverLater, eventSources, type ApiKeyEvent, type ApiKeyEventListener } from "./events.js";
import { KnownError, PlainError, errors, isAuthenticationUnavailable, isStoreUnavailable } from "./errors.js";
import { DEFAULT_KEY_PREFIX, assertKeyPrefix } from "./key-format.js";
import { readJsonBody, requestBodySource, type BodySource } from "./parse.js";
import { limitFailedChecks } from "./failed-checks.js";
import { resolveLimits, type ApiKeysLimits } from "./limits.js";
import { enforceCheckRateLimit, type AnyRateLimiter } from "./rate-limit.js";
import { rollKey } from "./roll.js";
import {
  ALLOWED_METHODS,
  matchRoute,
  normalizeBasePath,
  withoutCatchAllParams,
  type Route,
} from "./routes.js";
import {
  listGrantableScopes,
  scopesConfig,
  scopesOwnerType,
  type ApiKeyScopeDefinition,
  type GrantableScopes,
} from "./scopes.js";
import { secretScanningEndpoint, type SecretScanningOptions } from "./secret-scanning.js";
import { guardUrlText } from "./text-guard.js";
import type { ApiKeyStore } from "./store.js";
import {
  DEFAULT_USAGE_RETENTION_DAYS,
  USAGE_FLUSH_INTERVAL_MILLIS,
  createUsageCounter,
  readKeyUsage,
  storeKeepsUsage,
} from "./usage.js";
import type { UsageCounter } from "./usage.js";

export interface ApiKeysHandlerOptions {
  projectId: string;
  publishableClientKey: string;
  secretServerKey: string;
  /**
   * Answers the user id for a session token, or `null` if the token is not valid (401). Throw an
   * `AuthenticationUnavailableError` when it cannot tell right now (503). `jwtSessions` from
   * `react-api-keys/server/jwt` makes one for JWT sessions.
   */
  authenticateUser(accessToken: string): string | null | Promise<string | null>;
  /** Whether the user holds `$manage_api_keys` in the team. */
  canManageTeamKeys(userId: string, teamId: string): boolean | Promise<boolean>;
  store: ApiKeyStore;
  /** Default true; switched off, every user-key call answers 400 as Stack does. */
  userApiKeys?: boolean;
  /** Default true; switched off, every team-key call answers 400 as Stack does. */
  teamApiKeys?: boolean;
  /** The app's prefix in issued keys; default `rak`. */
  keyPrefix?: string;
  /** Milliseconds since the epoch; pass a fixed clock in stories and tests. */
  now?: () => number;
  /** Default `/api/v1`. */
  basePath?: string;
  /** Limits `check` calls; over the limit they answer 429 `RATE_LIMITED` with `Retry-After`. */
  checkRateLimit?: AnyRateLimiter;
  /**
   * Limits FAILED checks (not found, revoked, expired, wrong type) per caller, to slow guessing: once spent,
   * every check of that caller answers 429 `RATE_LIMITED` until the window ends.
   */
  failedCheckRateLimit?: AnyRateLimiter;
  /** Keys per owner and keys per list answer; see `ApiKeysLimits` for the defaults. */
  limits?: ApiKeysLimits;
  /** Default true: the `roll` extension (POST `/{user,team}-api-keys/{id}/roll`), announced in list answers. */
  roll?: boolean;
  /**
   * The `scopes` extension: what a key may be limited to (ids like `notes:read`). Without it keys have no
   * scopes and nothing about the core contract changes.
   */
  scopes?: readonly ApiKeyScopeDefinition[];
  /**
   * Which declared scopes `caller` may grant to keys of `owner`; asked on every request that grants some.
   * Default: all of them. A full-access key needs every declared scope to be grantable.
   */
  grantableScopes?: GrantableScopes;
  /**
   * Default true: the `usage` extension, announced in list answers. Checks are counted per key, UTC day and
   * outcome in memory and written to the store in one statement per `usageFlushIntervalMillis`
   * (`flushApiKeyUsage` writes them now); GET `/{user,team}-api-keys/usage` reads them. Needs a store with
   * `addUsage` and `readUsage` (all built-in ones).
   */
  usage?: boolean;
  /**
   * usage: how long a count waits in memory before it is written, at most (default 1,000 ms); what a crash
   * loses is the counts of that last interval (longer while the store fails: they are kept and retried).
   */
  usageFlushIntervalMillis?: number;
  /** usage: days kept, today included (default 90); older days are deleted about once an hour. */
  usageRetentionDays?: number;
  /**
   * Told about every change to a key (created, rolled, revoked, renamed, scopes-narrowed) once the request that
   * made it is answered, and about `expiring` keys and ended overlaps by `sweepApiKeyEvents`. Never awaited by
   * a request; what it throws or rejects with goes to `onError`. Events never carry a whole key or its hash.
   */
  onKeyEvent?: ApiKeyEventListener;
  /** Told about errors that are not the caller's fault (store outages, bugs), e.g. to log them. */
  onError?: (error: unknown) => void;
  /**
   * Lets pages on other origins call the API (CORS). Without it, none may: answers carry no CORS headers and
   * a preflight is refused with 405.
   */
  cors?: CorsOptions;
  /**
   * Answers GitHub's secret scanning partner program: POST `{basePath}/secret-scanning` (see
   * `SecretScanningOptions.path`) takes GitHub's signed reports of keys found in public, answers which are ours,
   * and revokes those (or, with `action: "flag"`, only records the report). Off without it.
   */
  secretScanning?: SecretScanningOptions;
}

export type ApiKeysHandler = (request: Request) => Promise<Response>;

/** A request as the handler reads it: a `Request`, or what the node adapter makes of node's own request. */
export interface HandlerRequest extends BodySource {
  method: string;
  url: URL;
}

/** An answer before it becomes a `Response`; header names are lowercase. */
export interface HandlerAnswer {
  status: number;
  headers: Record<string, string>;
  /** The text, or a long answer's parts, which joined make it. */
  body: string | string[];
}

/** The handler without the Fetch API's `Request` and `Response` around it. It never rejects either. */
export type HandlerCore = (request: HandlerRequest) => Promise<HandlerAnswer>;

const cores = new WeakMap<ApiKeysHandler, HandlerCore>();

/**
 * The core of a handler made by `createApiKeysHandler`, for an adapter that can skip building a `Request` and a
 * `Response` (`serve` in node.ts does); `undefined` for any other function.
 */
export function handlerCore(handler: ApiKeysHandler): HandlerCore | undefined {
  return cores.get(handler);
}

/**
 * The reference server as a fetch-style function: Web-standard `Request` in, `Response` out, so the same
 * code runs under Node (see `serve` in `node.ts`), in a service worker, or in a Storybook story.
 * It never rejects: every failure becomes an answer.
 */
export function createApiKeysHandler(options: ApiKeysHandlerOptions): ApiKeysHandler {
  for (const name of ["projectId", "publishableClientKey", "secretServerKey"] as const) {
    if (typeof options[name] !== "string" || options[name] === "") {
      throw new TypeError(`createApiKeysHandler needs a non-empty ${name}.`);
    }
  }
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  assertKeyPrefix(keyPrefix);
  const basePath = normalizeBasePath(options.basePath ?? API_PATH);
  const now = options.now ?? Date.now;
  const cors = createCors(options.cors, options.onError);
  // Announced in every list answer; a route of an extension that is off answers as an unknown route.
  const extensions: string[] = [];
  if (options.roll ?? true) extensions.push("roll");
  const scopes = scopesConfig(options.scopes, options.grantableScopes);
  if (scopes) extensions.push("scopes");
  const usage = (options.usage ?? true) && storeKeepsUsage(options.store) ? usageCounter(options, now) : null;
  if (usage) extensions.push("usage");
  const limits = resolveLimits(options.limits);
  const leaks = options.secretScanning
    ? secretScanningEndpoint(options.secretScanning, basePath, {
        store: options.store,
        projectId: options.projectId,
        keyPrefix,
        now,
      })
    : null;

  const { onKeyEvent, onError } = options;
  if (onKeyEvent !== undefined && typeof onKeyEvent !== "function") {
    throw new TypeError("createApiKeysHandler: onKeyEvent must be a function.");
  }

  async function handle(
    request: HandlerRequest,
    origin: string | null,
    events: ApiKeyEvent[] | null,
  ): Promise<HandlerAnswer> {
    const url = request.url;
    const method = request.method.toUpperCase();
    if (leaks && url.pathname.replace(/(.)\/$/, "$1") === leaks.path) {
      // Called by GitHub's servers, not by pages: no project headers, no CORS preflight.
      if (method !== "POST") throw errors.methodNotAllowed(method, ["POST"]);
      return json(200, await leaks.handle(request, events));
    }
    const route = matchRoute(url.pathname, basePath);
    const extension = route?.kind === "roll" || route?.kind === "usage" ? route.kind : null;
    if (!route || (route.kind === "scopes" && !scopes) || (extension && !extensions.includes(extension))) {
      throw errors.routeNotFound(method, url.pathname);
    }
    const allowed = ALLOWED_METHODS[route.kind];
    if (method === "OPTIONS") return cors.preflight(request.headers, origin, allowed);
    if (!allowed.includes(method)) throw errors.methodNotAllowed(method, allowed);
    return json(200, await respond(request, route, method, events));
  }

  async function respond(
    request: HandlerRequest,
    route: Route,
    method: string,
    events: ApiKeyEvent[] | null,
  ): Promise<unknown> {
    const url = request.url;

    const caller = await authenticate(request.headers, options);
    if (route.kind === "check") {
      if (caller.accessType !== "server") throw errors.insufficientAccessType(caller.accessType, ["server"]);
    } else if (caller.accessType === "client" && caller.userId === null) {
      throw errors.userAuthenticationRequired();
    }

    const type = route.type ?? scopesOwnerType(url.searchParams);
    guardUrlText(url);
    const ctx: EndpointContext = {
      store: options.store,
      projectId: options.projectId,
      keyPrefix,
      now: now(),
      caller,
      type,
      where: `${method} ${url.pathname}`,
      enabled: (type === "user" ? options.userApiKeys : options.teamApiKeys) ?? true,
      extensions,
      scopes,
      canManageTeamKeys: options.canManageTeamKeys,
      limits,
      events,
    };
    if (route.kind === "check") {
      const body = await readJsonBody(request);
      const check = async () => {
        if (options.checkRateLimit) await enforceCheckRateLimit(options.checkRateLimit, caller, body);
        return limitFailedChecks(options.failedCheckRateLimit, caller, () => checkKey(ctx, body));
      };
      return usage ? usage.count(ctx, body, check) : check();
    }
    if (route.kind === "collection" && method === "POST") return createKey(ctx, await readJsonBody(request));
    const query = withoutCatchAllParams(url.searchParams, url.pathname, basePath);
    if (route.kind === "scopes") return listGrantableScopes(ctx, query);
    if (route.kind === "usage") return readKeyUsage(ctx, query, usage!);
    if (route.kind === "collection") return listKeys(ctx, query);
    if (route.kind === "roll") return rollKey(ctx, route.id, query, await readJsonBody(request));
    return method === "PATCH"
      ? updateKey(ctx, route.id, query, await readJsonBody(request))
      : readKey(ctx, route.id, query);
  }

  const core: HandlerCore = async (request) => {
    const origin = options.cors ? await cors.allowedOrigin(request.headers) : null;
    let answer: HandlerAnswer;
    const events = onKeyEvent ? [] : null;
    try {
      answer = await handle(request, origin, events);
    } catch (error) {
      answer = errorAnswer(error, options.onError);
    }
    // Also after a failure: a change made before it (a rename, then a revoke that failed) still happened.
    if (events && events.length > 0) deliverLater(onKeyEvent!, events, onError);
    // Every answer is JSON or plain text, never something a browser should guess a type for.
    answer.headers["x-content-type-options"] = "nosniff";
    answer = overrideErrorStatus(request, answer);
    // Every answer but a preflight's own (complete already), errors included: a page that cannot read an
    // error cannot show it.
    if ("access-control-allow-origin" in answer.headers) return answer;
    return { ...answer, headers: { ...answer.headers, ...cors.headers(origin) } };
  };

  const handler: ApiKeysHandler = async (request) => {
    const answer = await core({
      method: request.method,
      url: new URL(request.url),
      ...requestBodySource(request),
    });
    // A 204 (a preflight's answer) may not have a body, not even an empty one.
    const { status, headers, body } = answer;
    return new Response(status === 204 ? null : typeof body == "string" ? body : streamOf(body), {
      status,
      headers,
    });
  };
  cores.set(handler, core);
  eventSources.set(handler, {
    store: options.store,
    projectId: options.projectId,
    now,
    listener: onKeyEvent,
    onError,
  });
  if (usage) counters.set(handler, usage);
  return handler;
}

const counters = new WeakMap<ApiKeysHandler, UsageCounter>();

/**
 * Writes the usage counts this handler holds in memory to its store now, e.g. before the process exits (`serve`'s
 * `close` does). Resolves once written or, if the store fails, once the counts are kept for the next attempt.
 */
export async function flushApiKeyUsage(handler: ApiKeysHandler): Promise<void> {
  await counters.get(handler)?.flush();
}

function usageCounter(options: ApiKeysHandlerOptions, now: () => number): UsageCounter {
  const retentionDays = options.usageRetentionDays ?? DEFAULT_USAGE_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new RangeError("usageRetentionDays must be a whole number of days, at least 1.");
  }
  const flushIntervalMillis = options.usageFlushIntervalMillis ?? USAGE_FLUSH_INTERVAL_MILLIS;
  if (!Number.isInteger(flushIntervalMillis) || flushIntervalMillis < 1) {
    throw new RangeError("usageFlushIntervalMillis must be a whole number of milliseconds, at least 1.");
  }
  const { store, projectId, onError = () => {} } = options;
  return createUsageCounter({ store, projectId, now, retentionDays, onError, flushIntervalMillis });
}

function json(status: number, body: unknown, headers?: Record<string, string>): HandlerAnswer {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
    body: jsonParts(body),
  };
}

// A long list (a thousand keys' month of usage is ~3 MB) is written item by item and sent in chunks: each piece
// is small enough for memory the runtime reuses, where one string and one buffer of the whole answer each take
// fresh pages, which cost more than the writing (in a browser running the handler, 3 to 7 times more).
const LONG_LIST = 100;
const CHUNK_CHARS = 65_536;

function jsonParts(body: unknown): string | string[] {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length < LONG_LIST) return JSON.stringify(body);
  const { items: _, ...rest } = body as { items: unknown[] };
  const tail = JSON.stringify(rest);
  return [
    '{"items":[',
    ...items.map((item, i) => (i ? "," : "") + JSON.stringify(item)),
    tail == "{}" ? "]}" : `],${tail.slice(1)}`,
  ];
}

function streamOf(parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      let chunk = "";
      for (const part of parts) {
        chunk += part;
        if (chunk.length < CHUNK_CHARS) continue;
        controller.enqueue(encoder.encode(chunk));
        chunk = "";
      }
      controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

function errorAnswer(error: unknown, onError: ((error: unknown) => void) | undefined): HandlerAnswer {
  if (error instanceof PlainError) {
    return {
      status: error.status,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      body: error.message,
    };
  }
  if (!(error instanceof KnownError)) {
    try {
      onError?.(error);
    } catch {
      // A failing logger must not turn a handled error into an unhandled one.
    }
    error = isStoreUnavailable(error)
      ? errors.storeUnavailable()
      : isAuthenticationUnavailable(error)
        ? errors.authenticationUnavailable()
        : errors.internal();
  }
  const known = error as KnownError;
  const body = {
    code: known.code,
    error: known.message,
    ...(known.details ? { details: known.details } : {}),
  };
  return json(known.status, body, {
    "x-stack-known-error": known.code,
    "x-hexclave-known-error": known.code,
    ...lowercaseNames(known.headers),
  });
}

function lowercaseNames(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/** Stack's SDK asks for 4xx answers as 200 so browsers do not log them; 5xx keep their status, as in Stack. */
function overrideErrorStatus(request: HandlerRequest, answer: HandlerAnswer): HandlerAnswer {
  if (answer.status < 400 || answer.status >= 500) return answer;
  if (header(request.headers, "override-error-status") !== "true") return answer;
  const actual = String(answer.status);
  return {
    status: 200,
    headers: { ...answer.headers, "x-stack-actual-status": actual, "x-hexclave-actual-status": actual },
    body: answer.body,
  };
}
