import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UseMutationOptions, UseMutationResult } from "@tanstack/react-query";
import type { ApiKey, ApiKeyOwner, ApiKeyReadWire, ApiKeysError } from "../client/index.js";
import { cachedKey, upsertCachedKey } from "./cache.js";
import { apiKeysKeys } from "./query-keys.js";

export interface RevokeContext {
  previous: ApiKeyReadWire | undefined;
}

export type UseRevokeApiKeyOptions = Omit<
  UseMutationOptions<ApiKey, ApiKeysError, ApiKey, RevokeContext>,
  "mutationFn" | "onMutate"
>;
export type UseRevokeApiKeyResult = UseMutationResult<ApiKey, ApiKeysError, ApiKey, RevokeContext>;

/** Revokes a key: the list shows it revoked at once, and rolls back if the server refuses. */
export function useRevokeApiKey(owner: ApiKeyOwner, options?: UseRevokeApiKeyOptions): UseRevokeApiKeyResult {
  const queryClient = useQueryClient();
  const listKey = apiKeysKeys.list(owner);
  return useMutation({
    ...options,
    mutationFn: (key) => key.revoke(),
    onMutate: async (key) => {
      await queryClient.cancelQueries({ queryKey: listKey });
      const previous = cachedKey(queryClient, owner, key.id);
      if (previous && previous.manually_revoked_at_millis === undefined) {
        upsertCachedKey(queryClient, owner, { ...previous, manually_revoked_at_millis: Date.now() });
      }
      return { previous };
    },
    onError: async (error, key, context, ...rest) => {
      if (context?.previous) upsertCachedKey(queryClient, owner, context.previous);
      await options?.onError?.(error, key, context, ...rest);
    },
    onSuccess: async (revoked, ...rest) => {
      upsertCachedKey(queryClient, owner, revoked.toJSON());
      await options?.onSuccess?.(revoked, ...rest);
    },
  });
}
