import { useQuery } from "@tanstack/react-query";
import type { UseQueryOptions, UseQueryResult } from "@tanstack/react-query";
import type { ApiKeyOwner, ApiKeysError, GrantableScopeList } from "../client/index.js";
import { useApiKeysClient, useRetry } from "./provider.js";
import { grantableScopesQueryOptions } from "./query-options.js";

export type UseGrantableScopesOptions = Omit<
  UseQueryOptions<GrantableScopeList, ApiKeysError>,
  "queryKey" | "queryFn"
>;
export type UseGrantableScopesResult = UseQueryResult<GrantableScopeList, ApiKeysError>;

/**
 * The scopes the signed-in caller may grant to the owner's keys (`items`) and whether it may make a
 * full-access key (`fullAccess`). Pass `enabled` so it is fetched only where the server lists `scopes` and
 * only when asked for (say, when the create dialog opens).
 */
export function useGrantableScopes(
  owner: ApiKeyOwner,
  options?: UseGrantableScopesOptions,
): UseGrantableScopesResult {
  const client = useApiKeysClient();
  const retry = useRetry();
  return useQuery({ ...grantableScopesQueryOptions(client, owner), retry, ...options });
}
