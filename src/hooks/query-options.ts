import { queryOptions } from "@tanstack/react-query";
import { isApiKeysError } from "../client/index.js";
import type { ApiKeyOwner, ApiKeyReadWire, ApiKeysError } from "../client/index.js";
import type { AnyApiKeysClient } from "./provider.js";
import { apiKeysKeys } from "./query-keys.js";

// A 4xx will answer the same way again; only transport failures and 5xx are worth a retry.
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiKeysError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/**
 * The list query for one owner. The cache holds the keys' wire form, which survives
 * `dehydrate()` and JSON, so a server can prefetch and the browser hydrate without a request.
 */
export function apiKeysQueryOptions(client: AnyApiKeysClient, owner: ApiKeyOwner) {
  return queryOptions<ApiKeyReadWire[], ApiKeysError>({
    queryKey: apiKeysKeys.list(owner),
    queryFn: async ({ signal }) =>
      (await client.scope(owner).listApiKeys({ signal })).map((key) => key.toJSON()),
  });
}
