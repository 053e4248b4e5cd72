import { queryOptions } from "@tanstack/react-query";
import { DEFAULT_USAGE_DAYS, isApiKeysError } from "../client/index.js";
import type { ApiKeyOwner, ApiKeysError, ApiKeyUsage, GrantableScopeList } from "../client/index.js";
import type { ApiKeyListData } from "./cache.js";
import { userOwner } from "./owner.js";
import type { AnyApiKeysClient } from "./provider.js";
import { apiKeysKeys } from "./query-keys.js";

// A 4xx will answer the same way again; only transport failures and 5xx are worth a retry.
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiKeysError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export interface ApiKeysQueryOptionsSettings {
  /**
   * The signed-in user's id, for a server client prefetching `userOwner()`: the keys are fetched for this
   * user and cached under the `me` key that the browser's `useApiKeys()` reads.
   */
  me?: string;
}

/**
 * The list query for one owner. The cache holds the keys' wire form and the server's extensions, which
 * survive `dehydrate()` and JSON, so a server can prefetch and the browser hydrate without a request.
 */
export function apiKeysQueryOptions(
  client: AnyApiKeysClient,
  owner: ApiKeyOwner,
  { me }: ApiKeysQueryOptionsSettings = {},
) {
  const fetched = ownerToFetch(client, owner, me, "apiKeysQueryOptions(serverClient, userOwner()");
  return queryOptions<ApiKeyListData, ApiKeysError>({
    queryKey: apiKeysKeys.list(owner),
    queryFn: async ({ signal }) => {
      const list = await client.scope(fetched).listApiKeys({ signal });
      return { items: list.map((key) => key.toJSON()), extensions: [...list.extensions] };
    },
  });
}

/** `userOwner()` means the signed-in user: a server client has no session, so it is told who that is. */
function ownerToFetch(client: AnyApiKeysClient, owner: ApiKeyOwner, me: string | undefined, call: string) {
  const isMe = owner.type === "user" && owner.userId === "me";
  if (isMe && client.accessType === "server" && !me) {
    throw new TypeError(`${call}) needs the signed-in user's id: ${call}, { me: userId }).`);
  }
  return isMe && me ? userOwner(me) : owner;
}

/** The grantable-scopes query for one owner (the `scopes` extension): plain data, safe to dehydrate. */
export function grantableScopesQueryOptions(client: AnyApiKeysClient, owner: ApiKeyOwner) {
  return queryOptions<GrantableScopeList, ApiKeysError>({
    queryKey: apiKeysKeys.scopes(owner),
    queryFn: ({ signal }) => client.scope(owner).listGrantableScopes({ signal }),
  });
}

/**
 * usage: each key's checks per UTC day over the last `days` days (needs the server's `usage` extension). Plain
 * data, so a server may prefetch it too, with `{ me }` as for the list.
 */
export function apiKeyUsageQueryOptions(
  client: AnyApiKeysClient,
  owner: ApiKeyOwner,
  days: number = DEFAULT_USAGE_DAYS,
  { me }: ApiKeysQueryOptionsSettings = {},
) {
  const fetched = ownerToFetch(client, owner, me, "apiKeyUsageQueryOptions(serverClient, userOwner(), days");
  return queryOptions<ApiKeyUsage[], ApiKeysError>({
    queryKey: apiKeysKeys.usage(owner, days),
    queryFn: ({ signal }) => client.scope(fetched).getUsage({ days }, { signal }),
  });
}
