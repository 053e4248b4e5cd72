import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UseMutationOptions, UseMutationResult } from "@tanstack/react-query";
import type { ApiKey, ApiKeyOwner, ApiKeysError } from "../client/index.js";
import { upsertCachedKey } from "./cache.js";

export interface UpdateApiKeyVariables {
  key: ApiKey;
  description: string;
}

export type UseUpdateApiKeyOptions = Omit<
  UseMutationOptions<ApiKey, ApiKeysError, UpdateApiKeyVariables>,
  "mutationFn"
>;
export type UseUpdateApiKeyResult = UseMutationResult<ApiKey, ApiKeysError, UpdateApiKeyVariables>;

export function useUpdateApiKey(owner: ApiKeyOwner, options?: UseUpdateApiKeyOptions): UseUpdateApiKeyResult {
  const queryClient = useQueryClient();
  return useMutation({
    ...options,
    mutationFn: ({ key, description }) => key.update({ description }),
    onSuccess: async (updated, ...rest) => {
      upsertCachedKey(queryClient, owner, updated.toJSON());
      await options?.onSuccess?.(updated, ...rest);
    },
  });
}
