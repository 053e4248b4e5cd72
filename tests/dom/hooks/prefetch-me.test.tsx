import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiKeysProvider, useApiKeyUsage, useApiKeys } from "../../../src/hooks/index.js";
import { apiKeyUsageQueryOptions, apiKeysQueryOptions, userOwner } from "../../../src/query.js";
import { flushApiKeyUsage } from "../../../src/server/index.js";
import { PROJECT, createHarness, type Harness } from "../../support/harness.js";

function KeyList() {
  const { data } = useApiKeys();
  return (
    <ul aria-label="keys">
      {data?.map((key) => (
        <li key={key.id}>{key.description}</li>
      ))}
    </ul>
  );
}

function UsageList() {
  const keys = useApiKeys().data;
  const usage = useApiKeyUsage().data;
  return (
    <ul aria-label="usage">
      {keys?.map((key) => (
        <li key={key.id}>
          {key.description}: {usage?.find((u) => u.id === key.id)?.days.at(-1)?.ok ?? "?"} ok today
        </li>
      ))}
    </ul>
  );
}

/** What a Server Component does: no window, a server client, the signed-in user's id from the session. */
function onTheServer<T>(run: () => T): T {
  vi.stubGlobal("window", undefined);
  try {
    return run();
  } finally {
    vi.unstubAllGlobals();
  }
}

describe("prefetching the signed-in user's keys on the server", () => {
  let h: Harness;
  /** The browser's side: what the server prefetched, sent as JSON and hydrated, under Alice's provider. */
  function hydrateAsAlice(serverSide: QueryClient, children: ReactNode) {
    const state = JSON.parse(JSON.stringify(dehydrate(serverSide)));
    vi.stubGlobal("fetch", h.fetch);
    render(
      <ApiKeysProvider
        baseUrl="http://api.test"
        projectId={PROJECT.projectId}
        publishableClientKey={PROJECT.publishableClientKey}
        accessToken="token-alice"
      >
        <HydrationBoundary state={state}>{children}</HydrationBoundary>
      </ApiKeysProvider>,
    );
  }
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  describe("given the user's id as `me`", () => {
    it("fills the key the browser's useApiKeys() reads, so hydrating makes no request", async () => {
      await h.seed({ userId: "alice" }, "alice's prefetched key");
      await h.seed({ userId: "bob" }, "bob's key");

      const serverSide = new QueryClient();
      const options = onTheServer(() => apiKeysQueryOptions(h.serverClient(), userOwner(), { me: "alice" }));
      await serverSide.prefetchQuery(options);
      const before = h.requests.length;
      hydrateAsAlice(serverSide, <KeyList />);
      expect(await screen.findByText("alice's prefetched key")).toBeTruthy();
      expect(screen.queryByText("bob's key")).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(h.requests.slice(before)).toEqual([]);
    });
  });

  describe("given the user's id as `me`, with usage", () => {
    it("fills the usage the browser's useApiKeyUsage() reads too, so hydrating makes no request", async () => {
      const key = await h.seed({ userId: "alice" }, "alice's used key");
      const server = onTheServer(() => h.serverClient());
      expect(await server.checkUserApiKey(key.value)).not.toBeNull();
      await flushApiKeyUsage(h.handler);

      const serverSide = new QueryClient();
      await serverSide.prefetchQuery(apiKeysQueryOptions(server, userOwner(), { me: "alice" }));
      await serverSide.prefetchQuery(apiKeyUsageQueryOptions(server, userOwner(), 30, { me: "alice" }));
      const before = h.requests.length;
      hydrateAsAlice(serverSide, <UsageList />);
      expect(await screen.findByText("alice's used key: 1 ok today")).toBeTruthy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(h.requests.slice(before)).toEqual([]);
    });
  });

  describe("without the user's id", () => {
    it("says how to pass it instead of failing on the server's `me`", () => {
      expect(() => onTheServer(() => apiKeysQueryOptions(h.serverClient(), userOwner()))).toThrow(
        /userOwner\(\), \{ me: userId \}/,
      );
      expect(() => onTheServer(() => apiKeyUsageQueryOptions(h.serverClient(), userOwner(), 30))).toThrow(
        /userOwner\(\), days, \{ me: userId \}/,
      );
    });
  });
});

describe("ApiKeysProvider given plain values", () => {
  it("makes a browser client that sends the token it was given", async () => {
    const h = createHarness();
    await h.seed({ userId: "bob" }, "bob's key");
    vi.stubGlobal("fetch", h.fetch);
    render(
      <ApiKeysProvider
        baseUrl="http://api.test"
        projectId={PROJECT.projectId}
        publishableClientKey={PROJECT.publishableClientKey}
        accessToken="token-bob"
      >
        <KeyList />
      </ApiKeysProvider>,
    );
    expect(await screen.findByText("bob's key")).toBeTruthy();
    vi.unstubAllGlobals();
  });

  it("sends a changed token from the next request on", async () => {
    const h = createHarness();
    await h.seed({ userId: "bob" }, "bob's key");
    await h.seed({ userId: "alice" }, "alice's key");
    vi.stubGlobal("fetch", h.fetch);
    const queryClient = new QueryClient();
    const tree = (token: string) => (
      <ApiKeysProvider
        baseUrl="http://api.test"
        projectId={PROJECT.projectId}
        publishableClientKey={PROJECT.publishableClientKey}
        accessToken={token}
        queryClient={queryClient}
      >
        <KeyList />
      </ApiKeysProvider>
    );
    const { rerender } = render(tree("token-bob"));
    expect(await screen.findByText("bob's key")).toBeTruthy();
    rerender(tree("token-alice"));
    await queryClient.invalidateQueries();
    expect(await screen.findByText("alice's key")).toBeTruthy();
    vi.unstubAllGlobals();
  });
});
