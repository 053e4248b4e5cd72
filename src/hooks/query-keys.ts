import { ownerId } from "../client/index.js";
import type { ApiKeyOwner } from "../client/index.js";

/** Every query key of the library comes from here, so an app can invalidate or prefetch exactly. */
export const apiKeysKeys = {
  all: ["react-api-keys"] as const,
  owner: (owner: ApiKeyOwner) => [...apiKeysKeys.all, owner.type, ownerId(owner)] as const,
  list: (owner: ApiKeyOwner) => [...apiKeysKeys.owner(owner), "list"] as const,
  /** The scopes the signed-in caller may grant to the owner's keys (the `scopes` extension). */
  scopes: (owner: ApiKeyOwner) => [...apiKeysKeys.owner(owner), "scopes"] as const,
  /** usage: each key's checks per day over the last `days` days (under `owner`, so its invalidation covers it). */
  usage: (owner: ApiKeyOwner, days: number) => [...apiKeysKeys.owner(owner), "usage", days] as const,
};
