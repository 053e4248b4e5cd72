import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UseMutationOptions, UseMutationResult } from "@tanstack/react-query";
import { withoutSecret } from "../client/index.js";
import type { ApiKeyOwner, ApiKeysError, RolledApiKey } from "../client/index.js";
import { upsertCachedKey } from "./cache.js";
import { useApiKeysClient } from "./provider.js";
import { apiKeysKeys } from "./query-keys.js";

export interface RollApiKeyVariables {
  id: string;
  /** The new key's expiry; `null` for one that never expires. */
  expiresAt: Date | null;
  /** Milliseconds the old key keeps working, 0 (stops now) to 30 days. */
  overlap: number;
}

export type UseRollApiKeyOptions = Omit<
  UseMutationOptions<RolledApiKey, ApiKeysError, RollApiKeyVariables>,
  "mutationFn" | "gcTime"
>;
export type UseRollApiKeyResult = UseMutationResult<RolledApiKey, ApiKeysError, RollApiKeyVariables>;

/**
 * Rolls a key (the server's `roll` extension). As with `useCreateApiKey`, `data.apiKey.value` is the whole new
 * key, shown once: the list cache only gets its last four, and the mutation leaves the mutation cache as soon
 * as it is `reset()` or its component unmounts.
 */
export function useRollApiKey(owner: ApiKeyOwner, options?: UseRollApiKeyOptions): UseRollApiKeyResult {
  const client = useApiKeysClient();
  const queryClient = useQueryClient();
  return useMutation({
    ...options,
    mutationFn: ({ id, expiresAt, overlap }) => client.scope(owner).rollApiKey(id, { expiresAt, overlap }),
    gcTime: 0,
    onSuccess: async (rolled, ...rest) => {
      upsertCachedKey(queryClient, owner, rolled.previous.toJSON());
      upsertCachedKey(queryClient, owner, withoutSecret(rolled.apiKey.toJSON()));
      void queryClient.invalidateQueries({ queryKey: apiKeysKeys.list(owner) });
      await options?.onSuccess?.(rolled, ...rest);
    },
  });
}
