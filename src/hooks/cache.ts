import type { QueryClient } from "@tanstack/react-query";
import type { ApiKeyExtension, ApiKeyOwner, ApiKeyReadWire } from "../client/index.js";
import { apiKeysKeys } from "./query-keys.js";

/** The list query's cache data: wire forms and plain strings, so it survives `dehydrate()` and JSON. */
export interface ApiKeyListData {
  items: ApiKeyReadWire[];
  extensions: ApiKeyExtension[];
}

/** Puts one key's read form into its owner's cached list, replacing the old copy or adding it on top. */
export function upsertCachedKey(queryClient: QueryClient, owner: ApiKeyOwner, key: ApiKeyReadWire) {
  queryClient.setQueryData<ApiKeyListData>(apiKeysKeys.list(owner), (data) => {
    if (!data) return data;
    const index = data.items.findIndex((item) => item.id === key.id);
    const items =
      index === -1 ? [key, ...data.items] : data.items.map((item, i) => (i === index ? key : item));
    return { ...data, items };
  });
}

export function cachedKey(queryClient: QueryClient, owner: ApiKeyOwner, id: string) {
  return queryClient
    .getQueryData<ApiKeyListData>(apiKeysKeys.list(owner))
    ?.items.find((item) => item.id === id);
}
