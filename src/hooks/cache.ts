import type { QueryClient } from "@tanstack/react-query";
import type { ApiKeyOwner, ApiKeyReadWire } from "../client/index.js";
import { apiKeysKeys } from "./query-keys.js";

/** Puts one key's read form into its owner's cached list, replacing the old copy or adding it on top. */
export function upsertCachedKey(queryClient: QueryClient, owner: ApiKeyOwner, key: ApiKeyReadWire) {
  queryClient.setQueryData<ApiKeyReadWire[]>(apiKeysKeys.list(owner), (items) => {
    if (!items) return items;
    const index = items.findIndex((item) => item.id === key.id);
    if (index === -1) return [key, ...items];
    return items.map((item, i) => (i === index ? key : item));
  });
}
