import { useQuery } from "@tanstack/react-query";
import type { UseQueryOptions, UseQueryResult } from "@tanstack/react-query";
import type { ApiKeyExtension, ApiKeyOwner, ApiKeysError } from "../client/index.js";
import type { ApiKeyListData } from "./cache.js";
import { userOwner } from "./owner.js";
import { useApiKeysClient, useRetry } from "./provider.js";
import { apiKeysQueryOptions } from "./query-options.js";

export type UseApiKeyExtensionsOptions = Omit<
  UseQueryOptions<ApiKeyListData, ApiKeysError, readonly ApiKeyExtension[]>,
  "queryKey" | "queryFn" | "select"
>;
export type UseApiKeyExtensionsResult = UseQueryResult<readonly ApiKeyExtension[], ApiKeysError>;

const ME = userOwner();
const selectExtensions = (data: ApiKeyListData): readonly ApiKeyExtension[] => data.extensions;

/**
 * The extensions the server announced with the owner's list (none from Stack Auth). It reads the same query as
 * `useApiKeys`, so it makes no request of its own.
 */
export function useApiKeyExtensions(
  owner: ApiKeyOwner = ME,
  options?: UseApiKeyExtensionsOptions,
): UseApiKeyExtensionsResult {
  const client = useApiKeysClient();
  const retry = useRetry();
  return useQuery({ ...apiKeysQueryOptions(client, owner), retry, ...options, select: selectExtensions });
}
