import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { UseQueryOptions, UseQueryResult } from "@tanstack/react-query";
import { useCallback } from "react";
import type { ApiKey, ApiKeyOwner, ApiKeysError } from "../client/index.js";
import type { ApiKeyListData } from "./cache.js";
import { userOwner } from "./owner.js";
import { useApiKeysClient } from "./provider.js";
import { apiKeysQueryOptions, shouldRetry } from "./query-options.js";

export type UseApiKeysOptions = Omit<
  UseQueryOptions<ApiKeyListData, ApiKeysError, ApiKey[]>,
  "queryKey" | "queryFn" | "select"
>;
export type UseApiKeysResult = UseQueryResult<ApiKey[], ApiKeysError>;

const ME = userOwner();

/** The keys of one owner, newest first; by default the signed-in user's. */
export function useApiKeys(owner: ApiKeyOwner = ME, options?: UseApiKeysOptions): UseApiKeysResult {
  const client = useApiKeysClient();
  // An app's own retry default wins; without one, 4xx answers (which would answer the same again) are not retried.
  const retry = useQueryClient().getDefaultOptions().queries?.retry ?? shouldRetry;
  const select = useCallback(
    (data: ApiKeyListData) => data.items.map((item) => client.apiKeyFromJSON(item)),
    [client],
  );
  return useQuery({ ...apiKeysQueryOptions(client, owner), retry, ...options, select });
}
