import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UseMutationOptions, UseMutationResult } from "@tanstack/react-query";
import { withoutSecret } from "../client/index.js";
import type { ApiKeyFirstView, ApiKeyOwner, ApiKeysError, CreateApiKeyOptions } from "../client/index.js";
import { upsertCachedKey } from "./cache.js";
import { useApiKeysClient } from "./provider.js";
import { apiKeysKeys } from "./query-keys.js";

export type UseCreateApiKeyOptions = Omit<
  UseMutationOptions<ApiKeyFirstView, ApiKeysError, CreateApiKeyOptions>,
  "mutationFn" | "gcTime"
>;
export type UseCreateApiKeyResult = UseMutationResult<ApiKeyFirstView, ApiKeysError, CreateApiKeyOptions>;

/**
 * Creates a key. `data.value` is the whole key, shown once: the list cache only ever gets its last four,
 * and the mutation is dropped from the mutation cache as soon as it is `reset()` or its component unmounts.
 */
export function useCreateApiKey(owner: ApiKeyOwner, options?: UseCreateApiKeyOptions): UseCreateApiKeyResult {
  const client = useApiKeysClient();
  const queryClient = useQueryClient();
  return useMutation({
    ...options,
    mutationFn: (input) => client.scope(owner).createApiKey(input),
    gcTime: 0,
    onSuccess: async (created, ...rest) => {
      upsertCachedKey(queryClient, owner, withoutSecret(created.toJSON()));
      void queryClient.invalidateQueries({ queryKey: apiKeysKeys.list(owner) });
      await options?.onSuccess?.(created, ...rest);
    },
    onError: async (error, input, ...rest) => {
      // Full access refused: the grant changed since the scopes were read, so read them again and the form
      // disables Full access. (Refused single scopes stay checked, for the person to see and uncheck.)
      if (error.code === "API_KEY_SCOPE_NOT_ALLOWED" && input.scopes == null)
        void queryClient.invalidateQueries({ queryKey: apiKeysKeys.scopes(owner) });
      await options?.onError?.(error, input, ...rest);
    },
  });
}
