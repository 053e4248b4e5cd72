import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UseMutationOptions, UseMutationResult } from "@tanstack/react-query";
import type { ApiKey, ApiKeyOwner, ApiKeyReadWire, ApiKeysError } from "../client/index.js";
import { cachedKey, upsertCachedKey } from "./cache.js";
import { apiKeysKeys } from "./query-keys.js";

export interface UpdateApiKeyVariables {
  key: ApiKey;
  description: string;
}

export interface UpdateContext {
  previous: ApiKeyReadWire | undefined;
}

export type UseUpdateApiKeyOptions = Omit<
  UseMutationOptions<ApiKey, ApiKeysError, UpdateApiKeyVariables, UpdateContext>,
  "mutationFn" | "onMutate"
>;
export type UseUpdateApiKeyResult = UseMutationResult<
  ApiKey,
  ApiKeysError,
  UpdateApiKeyVariables,
  UpdateContext
>;

/** Renames a key: the list shows the new description at once, and rolls back if the server refuses. */
export function useUpdateApiKey(owner: ApiKeyOwner, options?: UseUpdateApiKeyOptions): UseUpdateApiKeyResult {
  const queryClient = useQueryClient();
  const listKey = apiKeysKeys.list(owner);
  return useMutation({
    ...options,
    mutationFn: ({ key, description }) => key.update({ description }),
    onMutate: async ({ key, description }) => {
      await queryClient.cancelQueries({ queryKey: listKey });
      const previous = cachedKey(queryClient, owner, key.id);
      if (previous) upsertCachedKey(queryClient, owner, { ...previous, description });
      return { previous };
    },
    onError: async (error, variables, context, ...rest) => {
      // Back to the key as it was, unless a later rename of the same key has replaced the optimistic one.
      const current = cachedKey(queryClient, owner, variables.key.id);
      if (context?.previous && current?.description === variables.description)
        upsertCachedKey(queryClient, owner, context.previous);
      await options?.onError?.(error, variables, context, ...rest);
    },
    onSuccess: async (updated, ...rest) => {
      upsertCachedKey(queryClient, owner, updated.toJSON());
      await options?.onSuccess?.(updated, ...rest);
    },
  });
}
