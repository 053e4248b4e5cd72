import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { AnyApiKeysClient } from "../../../src/hooks/index.js";
import { ApiKeysProvider } from "../../../src/hooks/index.js";

export function freshQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

export function wrapperFor(client: AnyApiKeysClient, queryClient = freshQueryClient()) {
  return function Wrapper({ children }: { children?: ReactNode }) {
    return (
      <QueryClientProvider client={queryClient}>
        <ApiKeysProvider client={client}>{children}</ApiKeysProvider>
      </QueryClientProvider>
    );
  };
}
