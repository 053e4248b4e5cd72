import { QueryClient, QueryClientContext, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import type { DefaultOptions } from "@tanstack/react-query";
import { createApiKeysClient } from "../client/index.js";
import type { ApiKeysClient, ApiKeysClientOptions, ApiKeysServerClient } from "../client/index.js";
import { shouldRetry } from "./query-options.js";

export type AnyApiKeysClient = ApiKeysClient | ApiKeysServerClient;

/**
 * A browser client described in plain values, so a Server Component can render the provider:
 * functions cannot cross from server to client.
 */
export interface ApiKeysClientConfig {
  /** Where the API lives, without `/api/v1`; default `""`, the page's own origin. */
  baseUrl?: string;
  projectId: string;
  publishableClientKey: string;
  /** The signed-in user's session token, as a string (what a Server Component can pass). */
  accessToken?: string | null;
  /** Or a function asked before every request (from a client component), so a refreshed token is used. */
  getAccessToken?: ApiKeysClientOptions["getAccessToken"];
  timeoutMs?: number;
}

interface CommonProps {
  /** Defaults to the app's own QueryClient when there is one, else a private one. */
  queryClient?: QueryClient;
  children?: ReactNode;
}

export type ApiKeysProviderProps = CommonProps &
  ({ client: AnyApiKeysClient } | (ApiKeysClientConfig & { client?: undefined }));

const ApiKeysClientContext = createContext<AnyApiKeysClient | null>(null);

// A private QueryClient keeps a list fresh for a while, so one prefetched on a server and hydrated is
// not fetched again as the page mounts (TanStack's advice for SSR).
const OWN_QUERY_DEFAULTS = { queries: { staleTime: 30_000 } };

export function ApiKeysProvider(props: ApiKeysProviderProps) {
  const { queryClient, children } = props;
  const configured = useConfiguredClient(props.client ? null : props);
  const client = props.client ?? configured!;
  const appQueryClient = useContext(QueryClientContext);
  const [ownQueryClient] = useState(() =>
    queryClient || appQueryClient ? null : new QueryClient({ defaultOptions: OWN_QUERY_DEFAULTS }),
  );
  const content = <ApiKeysClientContext.Provider value={client}>{children}</ApiKeysClientContext.Provider>;
  const chosen = queryClient ?? (appQueryClient ? null : ownQueryClient);
  return chosen ? <QueryClientProvider client={chosen}>{content}</QueryClientProvider> : content;
}

/** One client per address and project; the token is read from the latest props at each request. */
function useConfiguredClient(config: ApiKeysClientConfig | null): ApiKeysClient | null {
  const [tokenSource] = useState(() => new TokenSource(config));
  useEffect(() => tokenSource.update(config));
  const { baseUrl = "", projectId, publishableClientKey, timeoutMs } = config ?? {};
  return useMemo(
    () =>
      projectId === undefined || publishableClientKey === undefined
        ? null
        : createApiKeysClient({
            baseUrl,
            projectId,
            publishableClientKey,
            timeoutMs,
            getAccessToken: () => tokenSource.token(),
          }),
    [baseUrl, projectId, publishableClientKey, timeoutMs, tokenSource],
  );
}

class TokenSource {
  constructor(private config: ApiKeysClientConfig | null) {}
  update(config: ApiKeysClientConfig | null) {
    this.config = config;
  }
  token() {
    const config = this.config;
    return config?.getAccessToken ? config.getAccessToken() : config?.accessToken;
  }
}

/** An app's own retry default wins; without one, 4xx answers (which would answer the same again) are not retried. */
export const useRetry = (): NonNullable<DefaultOptions["queries"]>["retry"] =>
  useQueryClient().getDefaultOptions().queries?.retry ?? shouldRetry;

export function useApiKeysClient(): AnyApiKeysClient {
  const client = useContext(ApiKeysClientContext);
  if (!client) {
    throw new Error(
      "react-api-keys: this hook or panel needs an <ApiKeysProvider client={…}> above it. " +
        "Wrap your app (or the page with the panel) in <ApiKeysProvider>.",
    );
  }
  return client;
}
