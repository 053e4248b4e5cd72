import { useQuery } from "@tanstack/react-query";
import type { UseQueryOptions, UseQueryResult } from "@tanstack/react-query";
import { useCallback } from "react";
import type { ApiKey, ApiKeyOwner, ApiKeysError } from "../client/index.js";
import type { ApiKeyListData } from "./cache.js";
import { userOwner } from "./owner.js";
import { useApiKeysClient, useRetry } from "./provider.js";
import { apiKeysQueryOptions } from "./query-options.js";

export type UseApiKeysOptions = Omit<
  UseQueryOptions<ApiKeyListData, ApiKeysError, ApiKey[]>,
  "queryKey" | "queryFn" | "select"
>;
export type UseApiKeysResult = UseQueryResult<ApiKey[], ApiKeysError>;

const ME = userOwner();

/** The keys of one owner, newest first; by default the signed-in user's. */
export function useApiKeys(owner: ApiKeyOwner = ME, options?: UseApiKeysOptions): UseApiKeysResult {
  const client = useApiKeysClient();
  const retry = useRetry();
  const select = useCallback(
    (data: ApiKeyListData) => data.items.map((item) => client.apiKeyFromJSON(item)),
    [client],
  );
  return useQuery({ ...apiKeysQueryOptions(client, owner), retry, ...options, select });
}
