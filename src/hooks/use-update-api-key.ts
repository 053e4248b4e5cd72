import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UseMutationOptions, UseMutationResult } from "@tanstack/react-query";
import type { ApiKey, ApiKeyChanges, ApiKeyOwner, ApiKeyReadWire, ApiKeysError } from "../client/index.js";
import { cachedKey, upsertCachedKey } from "./cache.js";
import { apiKeysKeys } from "./query-keys.js";

/** The key and what changes: a new description, narrower scopes (the `scopes` extension), or both. */
export type UpdateApiKeyVariables = { key: ApiKey } & ApiKeyChanges;

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

/**
 * Renames a key or narrows its scopes: the list shows the change at once, and rolls back if the server refuses.
 */
export function useUpdateApiKey(owner: ApiKeyOwner, options?: UseUpdateApiKeyOptions): UseUpdateApiKeyResult {
  const queryClient = useQueryClient();
  const listKey = apiKeysKeys.list(owner);
  return useMutation({
    ...options,
    mutationFn: ({ key, description, scopes }) => key.update({ description, scopes }),
    onMutate: async ({ key, description, scopes }) => {
      await queryClient.cancelQueries({ queryKey: listKey });
      const previous = cachedKey(queryClient, owner, key.id);
      if (previous) upsertCachedKey(queryClient, owner, applyChanges(previous, { description, scopes }));
      return { previous };
    },
    onError: async (error, variables, context, ...rest) => {
      // Back to the key as it was, unless a later change of the same key has replaced the optimistic one.
      const current = cachedKey(queryClient, owner, variables.key.id);
      const optimistic = context?.previous && applyChanges(context.previous, variables);
      if (optimistic && current && sameChanges(current, optimistic, variables))
        upsertCachedKey(queryClient, owner, context.previous!);
      await options?.onError?.(error, variables, context, ...rest);
    },
    onSuccess: async (updated, ...rest) => {
      upsertCachedKey(queryClient, owner, updated.toJSON());
      await options?.onSuccess?.(updated, ...rest);
    },
  });
}

function applyChanges(key: ApiKeyReadWire, { description, scopes }: ApiKeyChanges): ApiKeyReadWire {
  return {
    ...key,
    ...(description === undefined ? {} : { description }),
    ...(scopes === undefined ? {} : { scopes: [...scopes] }),
  };
}

function sameChanges(current: ApiKeyReadWire, optimistic: ApiKeyReadWire, changes: ApiKeyChanges) {
  if (changes.description !== undefined && current.description !== optimistic.description) return false;
  if (changes.scopes !== undefined && String(current.scopes) !== String(optimistic.scopes)) return false;
  return true;
}
