import type { Caller } from "./auth.js";
import type { ApiKeysHandler } from "./handler.js";
import type { ApiKeyStore, StoredApiKey } from "./store.js";

/** Whose key it is. */
export type ApiKeyEventOwner = { type: "user"; userId: string } | { type: "team"; teamId: string };

/**
 * Who did it: a signed-in user through the client API; the app's server through its secret key (with the user
 * whose session it sent, if any); or `system`, the library itself (a sweep, a leak report).
 */
export type ApiKeyEventActor =
  { type: "user"; userId: string } | { type: "server"; userId: string | null } | { type: "system" };

/**
 * Why a key stopped working: a person revoked it, it was found leaked (with where), or it was rolled and the
 * overlap in which the old key kept working ended (at once for an overlap of 0).
 */
export type ApiKeyRevokedWhy = "person" | "leak" | "overlap-end";

/** What every event carries. Never the whole key nor its hash; the last four characters are shown in lists anyway. */
export interface ApiKeyEventBase {
  keyId: string;
  projectId: string;
  owner: ApiKeyEventOwner;
  actor: ApiKeyEventActor;
  /** When it happened, in milliseconds since the epoch. */
  atMillis: number;
  /** The key's description and last four characters as they then stood, to name it in a message. */
  description: string;
  lastFour: string;
}

export type ApiKeyEvent =
  | (ApiKeyEventBase & {
      type: "created";
      expiresAtMillis: number | null;
      isPublic: boolean;
      /** `null`: full access. */
      scopes: string[] | null;
    })
  | (ApiKeyEventBase & {
      /** `keyId` is the old key, `newKeyId` the one that replaced it. */
      type: "rolled";
      newKeyId: string;
      /** When the old key stops working (the end of the overlap, or its own earlier expiry). */
      oldKeyStopsAtMillis: number;
    })
  | (ApiKeyEventBase & {
      type: "revoked";
      why: ApiKeyRevokedWhy;
      /** leak: where it was found. */
      url?: string;
    })
  | (ApiKeyEventBase & { type: "renamed"; previousDescription: string })
  | (ApiKeyEventBase & { type: "scopes-narrowed"; previousScopes: string[] | null; scopes: string[] })
  | (ApiKeyEventBase & { type: "expiring"; expiresAtMillis: number });

export type ApiKeyEventType = ApiKeyEvent["type"];

/** Told about each event. Its result is not awaited in the request; a rejection goes to `onError`. */
export type ApiKeyEventListener = (event: ApiKeyEvent) => void | Promise<void>;

export function actorOf(caller: Caller): ApiKeyEventActor {
  if (caller.accessType === "server") return { type: "server", userId: caller.userId };
  return { type: "user", userId: caller.userId! };
}

/** The fields every event takes from the key: picked one by one, so a hash can never slip in. */
export function eventBase(key: StoredApiKey, actor: ApiKeyEventActor, atMillis: number): ApiKeyEventBase {
  return {
    keyId: key.id,
    projectId: key.projectId,
    owner:
      key.type === "user" ? { type: "user", userId: key.ownerId } : { type: "team", teamId: key.ownerId },
    actor,
    atMillis,
    description: key.description,
    lastFour: key.lastFour,
  };
}

/**
 * leak: the event for a key a leak report revoked, told only by the report whose store call set the revocation
 * (`claimRevocation` answers `revoked: true`), so a report sent twice tells it once.
 */
export function leakRevokedEvent(key: StoredApiKey, atMillis: number, url: string): ApiKeyEvent {
  return { type: "revoked", ...eventBase(key, { type: "system" }, atMillis), why: "leak", url };
}

/** Calls the listener once; whatever it throws or rejects with goes to `onError`, once. */
export function notify(
  listener: ApiKeyEventListener,
  event: ApiKeyEvent,
  onError: ((error: unknown) => void) | undefined,
): Promise<void> {
  const report = (error: unknown) => {
    try {
      onError?.(error);
    } catch {
      // A failing logger must not become an unhandled rejection.
    }
  };
  try {
    return Promise.resolve(listener(event)).then(() => {}, report);
  } catch (error) {
    report(error);
    return Promise.resolve();
  }
}

/**
 * In a task of its own, after the answer has been handed back (and, through `serve`, written): the request never
 * waits for a listener, slow, synchronous or failing.
 */
export function deliverLater(
  listener: ApiKeyEventListener,
  events: readonly ApiKeyEvent[],
  onError: ((error: unknown) => void) | undefined,
) {
  setTimeout(() => {
    for (const event of events) void notify(listener, event, onError);
  }, 0);
}

export const DEFAULT_EXPIRING_WITHIN_MILLIS = 7 * 24 * 60 * 60 * 1000;
/** Keys claimed per statement; a sweep runs as many as it needs. */
const SWEEP_BATCH = 500;

export interface SweepApiKeyEventsOptions {
  /** `expiring` is announced for keys that expire within this time from now; default 7 days. */
  expiringWithinMillis?: number;
  /** The sweep's time; default the handler's clock. */
  now?: number;
}

/** What a sweep needs of a handler, kept by `createApiKeysHandler`. */
export interface EventSource {
  store: ApiKeyStore;
  projectId: string;
  now: () => number;
  listener: ApiKeyEventListener | undefined;
  onError: ((error: unknown) => void) | undefined;
}

export const eventSources = new WeakMap<object, EventSource>();

/**
 * Finds what happened by the passing of time, for the app to run on a schedule (a cron job, `setInterval`):
 * `expiring` once for each working key that expires within `expiringWithinMillis`, and `revoked` with why
 * `overlap-end` once for each rolled key whose overlap has ended. Each key is claimed in the store before it is
 * announced, so instances sweeping the same database at once announce it exactly once in total. Calls
 * `onKeyEvent` for each, waits for the listeners to settle (a serverless function may stop once it answers),
 * and answers the events.
 */
export async function sweepApiKeyEvents(
  handler: ApiKeysHandler,
  options: SweepApiKeyEventsOptions = {},
): Promise<ApiKeyEvent[]> {
  const source = eventSources.get(handler);
  if (!source) throw new TypeError("sweepApiKeyEvents needs a handler made by createApiKeysHandler.");
  const { store, projectId, listener, onError } = source;
  if (!store.claimExpiring || !store.claimEndedOverlaps) {
    throw new TypeError("sweepApiKeyEvents needs a store with claimExpiring and claimEndedOverlaps.");
  }
  const within = options.expiringWithinMillis ?? DEFAULT_EXPIRING_WITHIN_MILLIS;
  if (!Number.isSafeInteger(within) || within < 0) {
    throw new RangeError("expiringWithinMillis must be a whole number of milliseconds, at least 0.");
  }
  const at = options.now ?? source.now();
  const events: ApiKeyEvent[] = [];
  for (let batch = SWEEP_BATCH; batch === SWEEP_BATCH;) {
    const ended = await store.claimEndedOverlaps(projectId, at, SWEEP_BATCH);
    batch = ended.length;
    for (const key of ended) {
      // Dated when the overlap ended, which may be well before the sweep that finds it.
      const when = Math.min(key.expiresAtMillis ?? at, at);
      events.push({ type: "revoked", ...eventBase(key, { type: "system" }, when), why: "overlap-end" });
    }
  }
  for (let batch = SWEEP_BATCH; batch === SWEEP_BATCH;) {
    const expiring = await store.claimExpiring(projectId, at, at + within, SWEEP_BATCH);
    batch = expiring.length;
    for (const key of expiring) {
      events.push({
        type: "expiring",
        ...eventBase(key, { type: "system" }, at),
        expiresAtMillis: key.expiresAtMillis!,
      });
    }
  }
  if (listener) await Promise.all(events.map((event) => notify(listener, event, onError)));
  return events;
}
