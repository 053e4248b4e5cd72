import { QueryClient, QueryClientContext, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useState } from "react";
import type { ReactNode } from "react";
import type { ApiKeysClient, ApiKeysServerClient } from "../client/index.js";

export type AnyApiKeysClient = ApiKeysClient | ApiKeysServerClient;

const ApiKeysClientContext = createContext<AnyApiKeysClient | null>(null);

export interface ApiKeysProviderProps {
  client: AnyApiKeysClient;
  /** Defaults to the app's own QueryClient when there is one, else a private one. */
  queryClient?: QueryClient;
  children?: ReactNode;
}

export function ApiKeysProvider({ client, queryClient, children }: ApiKeysProviderProps) {
  const appQueryClient = useContext(QueryClientContext);
  const [ownQueryClient] = useState(() => (queryClient || appQueryClient ? null : new QueryClient()));
  const content = <ApiKeysClientContext.Provider value={client}>{children}</ApiKeysClientContext.Provider>;
  const chosen = queryClient ?? (appQueryClient ? null : ownQueryClient);
  return chosen ? <QueryClientProvider client={chosen}>{content}</QueryClientProvider> : content;
}

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
