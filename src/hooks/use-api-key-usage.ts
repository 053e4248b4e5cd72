import { useQuery } from "@tanstack/react-query";
import type { UseQueryOptions, UseQueryResult } from "@tanstack/react-query";
import type { ApiKeyOwner, ApiKeysError, ApiKeyUsage } from "../client/index.js";
import { DEFAULT_USAGE_DAYS } from "../client/index.js";
import { userOwner } from "./owner.js";
import { useApiKeysClient, useRetry } from "./provider.js";
import { apiKeyUsageQueryOptions } from "./query-options.js";
import { useApiKeyExtensions } from "./use-api-key-extensions.js";

export type UseApiKeyUsageOptions = Omit<
  UseQueryOptions<ApiKeyUsage[], ApiKeysError>,
  "queryKey" | "queryFn" | "enabled"
> & {
  /** 1 to 90 days, today (UTC) last; default 30. */
  days?: number;
  /** Default true; the query runs only where the server also announces `usage`. */
  enabled?: boolean;
};
export type UseApiKeyUsageResult = UseQueryResult<ApiKeyUsage[], ApiKeysError>;

const ME = userOwner();

/**
 * Each key's checks per UTC day. It waits for the owner's list (the same query as `useApiKeys`) and asks only
 * if that list announced `usage`, so the list paints first and a server without usage gets no request.
 */
export function useApiKeyUsage(
  owner: ApiKeyOwner = ME,
  { days = DEFAULT_USAGE_DAYS, enabled = true, ...options }: UseApiKeyUsageOptions = {},
): UseApiKeyUsageResult {
  const client = useApiKeysClient();
  const retry = useRetry();
  const announced = useApiKeyExtensions(owner).data?.includes("usage") === true;
  return useQuery({
    ...apiKeyUsageQueryOptions(client, owner, days),
    retry,
    ...options,
    enabled: enabled && announced,
  });
}
