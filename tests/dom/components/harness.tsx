import { QueryClient } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import axe from "axe-core";
import type { ReactElement } from "react";
import { expect } from "vitest";
import { createApiKeysClient } from "../../../src/client/index.js";
import type { CreateApiKeyOptions } from "../../../src/client/index.js";
import { ApiKeysProvider } from "../../../src/hooks/index.js";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import type { ApiKeysHandlerOptions } from "../../../src/server/handler.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { sampleHandlerOptions, sampleProject, sampleUsers } from "../../../src/server/sample.js";

export { sampleTeams, sampleUsers } from "../../../src/server/sample.js";

type Intercept = (request: Request) => Response | undefined | Promise<Response | undefined>;

/**
 * The reference handler in-process, with a client wired to it and a fresh QueryClient. The only stand-in is
 * `intercept`, for what the server cannot produce (a dropped connection, a 500).
 */
export function startServer(
  options: { user?: keyof typeof sampleUsers; now?: number; handler?: Partial<ApiKeysHandlerOptions> } = {},
) {
  const store = memoryStore();
  const state = {
    clock: options.now ?? Date.now(),
    token: sampleUsers[options.user ?? "alice"].accessToken as string,
    intercept: undefined as Intercept | undefined,
    requests: [] as { method: string; url: string; body: unknown }[],
  };
  const handler = createApiKeysHandler(
    sampleHandlerOptions(store, { now: () => state.clock, ...options.handler }),
  );
  const client = createApiKeysClient({
    baseUrl: "http://test",
    projectId: sampleProject.projectId,
    publishableClientKey: sampleProject.publishableClientKey,
    getAccessToken: () => state.token,
    fetch: async (input, init) => {
      // jsdom's AbortSignal is not the one Node's Request accepts, so the signal stays behind.
      const request = new Request(input, { ...init, signal: undefined });
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      state.requests.push({ method: request.method, url: request.url, body });
      const stubbed = await state.intercept?.(request.clone());
      return stubbed ?? handler(request);
    },
  });
  const queryClient = new QueryClient({
    // The list query brings its own retry policy; a zero delay keeps its retries instant here.
    defaultOptions: { queries: { retry: false, retryDelay: 0 }, mutations: { retry: false } },
  });
  return {
    store,
    handler,
    state,
    client,
    queryClient,
    /** Creates a key for the signed-in user through the server, as another tab would. */
    seed: (input: Partial<CreateApiKeyOptions> & { description: string }) =>
      client.me.createApiKey({ expiresAt: null, ...input }),
    render: (ui: ReactElement) =>
      render(
        <ApiKeysProvider client={client} queryClient={queryClient}>
          {ui}
        </ApiKeysProvider>,
      ),
  };
}

export type TestServer = ReturnType<typeof startServer>;

export function networkDown(): Response {
  throw new TypeError("fetch failed");
}

/** axe over the whole document, since dialogs render in a portal outside the container. */
export async function expectNoAxeViolations(root: Element = document.body) {
  const result = await axe.run(root, { rules: { region: { enabled: false } } });
  expect(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** Everything a cache holds, as text, to look for a secret in. */
export function cacheText(queryClient: QueryClient): string {
  const queries = queryClient
    .getQueryCache()
    .getAll()
    .map((query) => query.state);
  const mutations = queryClient
    .getMutationCache()
    .getAll()
    .map((mutation) => mutation.state);
  return JSON.stringify({ queries, mutations });
}

/** Opens a row's action menu and picks an item, as a person with a pointer would. */
export async function chooseRowAction(
  user: { click: (element: Element) => Promise<void> },
  description: string,
  action: "Rename" | "Roll" | "Revoke" | "Details" | "Edit scopes",
) {
  await user.click(screen.getByRole("button", { name: `Actions for ${description}` }));
  await user.click(screen.getByRole("menuitem", { name: action }));
}
