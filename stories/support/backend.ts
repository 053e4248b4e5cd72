// Every story talks to the reference server running in the page: the client's fetch goes straight to the
// handler, over a fresh in-memory store seeded through the same handler with server access.
import { QueryClient } from "@tanstack/react-query";
import { createApiKeysClient } from "../../src/client/index.js";
import type { ApiKeyOwner, ApiKeysClient } from "../../src/client/index.js";
import { createApiKeysHandler } from "../../src/server/handler.js";
import type { ApiKeysHandler } from "../../src/server/handler.js";
import { memoryStore } from "../../src/server/memory-store.js";
import { sampleHandlerOptions, sampleProject, sampleTeams, sampleUsers } from "../../src/server/sample.js";
import { STORY_SCOPES, seedKeys, seedsFor } from "./seed.js";
import type { SeedName } from "./seed.js";

/** The moment every story lives in, so relative times and expiry captions never change between renders. */
export const STORY_NOW = new Date("2026-11-26T12:00:00Z");

export type SampleUserName = keyof typeof sampleUsers;

/** What a story asks of its backend, through `parameters.backend`. */
export interface BackendParameters {
  /** Which keys exist before the story starts; default "some". */
  seed?: SeedName;
  /** Whose session the client sends; default alice for user keys, carol (a manager of acme) for team keys. */
  signedInAs?: SampleUserName;
  /** Whose keys are seeded: the signed-in user's, or acme's. Default "user". */
  keysOf?: "user" | "team";
  /** The project setting; off, every user-key call answers 400 as Stack does. */
  userApiKeys?: boolean;
  /**
   * The two things the server cannot produce: a request that never answers (Loading) and a network that
   * is down (Error). "offline" fails every request until the story calls `backend.goOnline()`.
   */
  network?: "ok" | "never" | "offline";
  /** Milliseconds each answer takes; default 0. */
  latencyMs?: number;
  /** The server's `roll` extension; default on. Off, the server answers as Stack Auth does. */
  roll?: boolean;
  /** The server's `usage` extension; default on. "pending" never answers its request, "failing" fails it. */
  usage?: boolean | "pending" | "failing";
  /** The server's `scopes` extension (STORY_SCOPES); default off, as in the sample project. */
  scopes?: boolean;
  /**
   * Only GET /api-key-scopes never answers (Loading) or fails as a network that is down (Error), until
   * `backend.goOnline()`.
   */
  scopesNetwork?: "never" | "offline";
  /** The scopes the signed-in person may grant; default all. Fewer, and Full access is refused. */
  grantable?: string[];
}

export interface StoryBackend {
  handler: ApiKeysHandler;
  client: ApiKeysClient;
  queryClient: QueryClient;
  /** Ends an "offline" network: later requests reach the server. */
  goOnline(): void;
  /** Ends the session: later requests carry a token the server no longer accepts (401 with its reason). */
  endSession(): void;
  /** The owner whose keys were seeded, to hand to a panel or a hook. */
  owner: ApiKeyOwner;
  teamId: string;
}

export const STORY_TEAM_ID = sampleTeams.acme;

export async function createStoryBackend(parameters: BackendParameters = {}): Promise<StoryBackend> {
  const keysOf = parameters.keysOf ?? "user";
  const user = sampleUsers[parameters.signedInAs ?? (keysOf === "team" ? "carol" : "alice")];
  const store = memoryStore();

  const owner: ApiKeyOwner =
    keysOf === "team" ? { type: "team", teamId: STORY_TEAM_ID } : { type: "user", userId: user.id };
  await seedKeys(store, owner, seedsFor(parameters.seed ?? "some"), STORY_NOW);

  const handler = createApiKeysHandler(
    sampleHandlerOptions(store, {
      now: () => STORY_NOW.getTime(),
      userApiKeys: parameters.userApiKeys ?? true,
      roll: parameters.roll ?? true,
      usage: parameters.usage !== false,
      ...(parameters.scopes ? { scopes: STORY_SCOPES } : {}),
      ...(parameters.grantable ? { grantableScopes: () => parameters.grantable! } : {}),
    }),
  );
  const network = storyNetwork(handler, parameters);
  let signedIn = true;
  const client = createApiKeysClient({
    baseUrl: "",
    projectId: sampleProject.projectId,
    publishableClientKey: sampleProject.publishableClientKey,
    getAccessToken: () => (signedIn ? user.accessToken : "token-that-expired"),
    fetch: network.fetch,
    // The client gives up after 15 s by default; a Loading story must stay loading.
    ...(parameters.network === "never" ? { timeoutMs: 2_000_000_000 } : {}),
  });
  const queryClient = new QueryClient({
    defaultOptions: {
      // The list query brings its own retry rule (transport failures, twice); without a delay an offline
      // story shows its error at once instead of after three seconds of backoff.
      queries: { retry: false, retryDelay: 0, refetchOnWindowFocus: false, staleTime: Infinity },
      mutations: { retry: false },
    },
  });
  return {
    handler,
    client,
    queryClient,
    goOnline: network.goOnline,
    endSession: () => void (signedIn = false),
    owner: keysOf === "team" ? owner : { type: "user", userId: "me" },
    teamId: STORY_TEAM_ID,
  };
}

function storyNetwork(handler: ApiKeysHandler, parameters: BackendParameters) {
  let offline = parameters.network === "offline";
  let scopesNetwork = parameters.scopesNetwork;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(new URL(String(input), location.origin), init);
    if (parameters.network === "never") return never(request.signal);
    if (request.url.includes("-api-keys/usage")) {
      if (parameters.usage === "pending") return never(request.signal);
      if (parameters.usage === "failing") throw new TypeError("Failed to fetch");
    }
    if (scopesNetwork && request.url.endsWith("/api-key-scopes?user_id=me")) {
      if (scopesNetwork === "never") return never(request.signal);
      throw new TypeError("Failed to fetch");
    }
    // What a browser's fetch does when the network is down.
    if (offline) throw new TypeError("Failed to fetch");
    if (parameters.latencyMs) await delay(parameters.latencyMs, request.signal);
    return handler(request);
  };
  return { fetch, goOnline: () => void ((offline = false), (scopesNetwork = undefined)) };
}

function never(signal: AbortSignal): Promise<Response> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
