import type { ApiKey } from "./api-key.js";

/** What a server offers beyond the core contract; a newer server may name ones this version does not know. */
export type ApiKeyExtension = "roll" | "scopes" | "usage" | (string & {});

/** A list answer: the keys, and the extensions the server announced with them (none from Stack Auth). */
export type ApiKeyList = ApiKey[] & { readonly extensions: readonly ApiKeyExtension[] };

export function toApiKeyList(keys: ApiKey[], extensions: readonly string[]): ApiKeyList {
  // Not enumerable, so the list still spreads, compares and serializes as the plain array it was before.
  return Object.defineProperty(keys, "extensions", { value: Object.freeze([...extensions]) }) as ApiKeyList;
}
