import { HydrationBoundary, QueryClient, QueryClientProvider, dehydrate } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { ApiKeysProvider, apiKeysQueryOptions, useApiKeys, userOwner } from "../../../src/hooks/index.js";
import { createHarness } from "../../support/harness.js";

function KeyList() {
  const { data, status } = useApiKeys();
  return (
    <ul data-status={status}>
      {data?.map((key) => (
        <li key={key.id}>{`${key.description} ••••${key.value.lastFour}`}</li>
      ))}
    </ul>
  );
}

describe("prefetching on a server and hydrating", () => {
  it("renders the keys into HTML with no request from the rendering side", async () => {
    const h = createHarness();
    const created = await h
      .clientFor("alice")
      .me.createApiKey({ description: "prefetched key", expiresAt: null });

    const serverSide = new QueryClient();
    await serverSide.prefetchQuery(apiKeysQueryOptions(h.clientFor("alice"), userOwner()));
    // What a framework would send to the browser: plain JSON.
    const state = JSON.parse(JSON.stringify(dehydrate(serverSide)));
    expect(JSON.stringify(state)).not.toContain(created.value);

    const before = h.requests.length;
    const browserSide = new QueryClient();
    const html = renderToString(
      <QueryClientProvider client={browserSide}>
        <ApiKeysProvider client={h.clientFor("alice")}>
          <HydrationBoundary state={state}>
            <KeyList />
          </HydrationBoundary>
        </ApiKeysProvider>
      </QueryClientProvider>,
    );
    expect(html).toContain(`prefetched key ••••${created.value.slice(-4)}`);
    expect(html).toContain('data-status="success"');
    expect(h.requests.length).toBe(before);
  });

  it("writes a panel's dates the same in any time zone and a few seconds later (what hydration compares)", async () => {
    const h = createHarness();
    h.clock.now = Date.UTC(2026, 10, 26, 12);
    await h.clientFor("alice").me.createApiKey({ description: "prefetched key", expiresAt: null });
    const fetchedAt = h.clock.now + 5_000;
    const zone = process.env.TZ;
    const renderAt = (timeZone: string, now: number) => {
      process.env.TZ = timeZone;
      vi.useFakeTimers({ toFake: ["Date"], now });
      try {
        return renderToString(
          <ApiKeysProvider client={h.clientFor("alice")} queryClient={new QueryClient()}>
            <HydrationBoundary state={state}>
              <UserApiKeysPanel />
            </HydrationBoundary>
          </ApiKeysProvider>,
        );
      } finally {
        vi.useRealTimers();
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    };
    vi.useFakeTimers({ toFake: ["Date"], now: fetchedAt });
    const serverSide = new QueryClient();
    await serverSide.prefetchQuery(apiKeysQueryOptions(h.clientFor("alice"), userOwner()));
    vi.useRealTimers();
    const state = JSON.parse(JSON.stringify(dehydrate(serverSide)));

    const onServer = renderAt("America/Los_Angeles", fetchedAt);
    const inBrowser = renderAt("Asia/Tokyo", fetchedAt + 7_000);
    expect(onServer).toContain("5 seconds ago");
    expect(inBrowser).toBe(onServer);
  });
});
