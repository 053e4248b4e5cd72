// The real reference handler on the in-memory store, with a few users and teams, and clients wired to it.
// Client and hook suites use this instead of response stubs.
import { createApiKeysClient, createApiKeysServerClient } from "../../src/client/index.js";
import type { ApiKeyFirstViewWire } from "../../src/client/index.js";
import { createApiKeysHandler } from "../../src/server/handler.js";
import type { ApiKeysHandlerOptions } from "../../src/server/handler.js";
import { memoryStore } from "../../src/server/memory-store.js";

export const PROJECT = {
  projectId: "proj_test",
  publishableClientKey: "pck_test",
  secretServerKey: "ssk_test",
};

/** Tokens are `token-<user>`; alice and bob are in team `acme`, only alice may manage its keys. */
const USERS = ["alice", "bob", "carol"];
const MANAGERS: Record<string, string[]> = { acme: ["alice"], globex: ["carol"] };

export interface Harness {
  handler: (request: Request) => Promise<Response>;
  /** A fetch that goes to the in-process handler and records every request it carries. */
  fetch: typeof fetch;
  requests: { method: string; path: string }[];
  clock: { now: number };
  clientFor(
    user: string | (() => string | null),
    extra?: { fetch?: typeof fetch; timeoutMs?: number },
  ): ReturnType<typeof createApiKeysClient>;
  serverClient(extra?: { fetch?: typeof fetch }): ReturnType<typeof createApiKeysServerClient>;
  /** Creates a key with server access straight through the handler (usable where a window exists). */
  seed(
    owner: { userId: string } | { teamId: string },
    description: string,
    extra?: object,
  ): Promise<ApiKeyFirstViewWire>;
}

export function createHarness(options: Partial<ApiKeysHandlerOptions> = {}): Harness {
  const clock = { now: Date.UTC(2026, 10, 26, 12) };
  const handler = createApiKeysHandler({
    ...PROJECT,
    store: memoryStore(),
    authenticateUser: (token) => {
      const user = token.replace(/^token-/, "");
      return USERS.includes(user) ? user : null;
    },
    canManageTeamKeys: (userId, teamId) => MANAGERS[teamId]?.includes(userId) ?? false,
    now: () => clock.now,
    ...options,
  });
  const requests: Harness["requests"] = [];
  const inProcessFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    requests.push({ method: request.method, path: url.pathname + url.search });
    return handler(request);
  };
  return {
    handler,
    fetch: inProcessFetch,
    requests,
    clock,
    clientFor: (user, extra) =>
      createApiKeysClient({
        ...PROJECT,
        baseUrl: "http://api.test",
        fetch: inProcessFetch,
        getAccessToken: () => {
          const name = typeof user === "function" ? user() : user;
          return name === null ? null : `token-${name}`;
        },
        ...extra,
      }),
    seed: async (owner, description, extra) => {
      const type = "userId" in owner ? "user" : "team";
      const body = { description, expires_at_millis: null, ...extra };
      const response = await handler(
        new Request(`http://api.test/api/v1/${type}-api-keys`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-stack-access-type": "server",
            "x-stack-project-id": PROJECT.projectId,
            "x-stack-secret-server-key": PROJECT.secretServerKey,
          },
          body: JSON.stringify(
            "userId" in owner ? { ...body, user_id: owner.userId } : { ...body, team_id: owner.teamId },
          ),
        }),
      );
      if (!response.ok) throw new Error(`seed failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as ApiKeyFirstViewWire;
    },
    serverClient: (extra) =>
      createApiKeysServerClient({ ...PROJECT, baseUrl: "http://api.test", fetch: inProcessFetch, ...extra }),
  };
}
