import { HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { DehydratedState } from "@tanstack/react-query";
import { createApiKeysClient } from "../../../src/client/index.js";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { ApiKeysProvider } from "../../../src/hooks/index.js";

/**
 * The page as an app would write it, on the server and in the browser alike: a prefetched list handed over
 * as dehydrated JSON. Nothing refetches (the data never goes stale), so what is checked is the hydration.
 */
export function App({ state }: { state: DehydratedState }) {
  const client = createApiKeysClient({
    baseUrl: "http://127.0.0.1:9",
    projectId: "proj_test",
    publishableClientKey: "pck_test",
    getAccessToken: () => "token-alice",
    fetch: () => Promise.reject(new Error("the prefetched list is not fetched again")),
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  return (
    <ApiKeysProvider client={client} queryClient={queryClient}>
      <HydrationBoundary state={state}>
        <UserApiKeysPanel />
      </HydrationBoundary>
    </ApiKeysProvider>
  );
}
