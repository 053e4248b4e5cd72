import { createApiKeyModel, keyPath, ownerQuery } from "./api-key.js";
import type { ApiKey, ApiKeyFirstView } from "./api-key.js";
import { toApiKeyList } from "./extensions.js";
import type { ApiKeyList } from "./extensions.js";
import { rollApiKey } from "./roll.js";
import type { RollApiKeyOptions, RolledApiKey } from "./roll.js";
import { listGrantableScopes } from "./scopes.js";
import type { GrantableScopeList } from "./scopes.js";
import type { Transport } from "./transport.js";
import { getApiKeyUsage } from "./usage.js";
import type { ApiKeyUsage, GetApiKeyUsageOptions } from "./usage.js";
import { parseApiKey, parseApiKeyFirstView, parseApiKeyList } from "./validate.js";
import type { ApiKeyType } from "./wire.js";

/** Whose keys: a user (`"me"` is the signed-in user on the client) or a team. */
export type ApiKeyOwner = { type: "user"; userId: string } | { type: "team"; teamId: string };

export interface CreateApiKeyOptions {
  description: string;
  /** `null` for a key that never expires. Required, so that "never" is always a choice someone made. */
  expiresAt: Date | null;
  /** A public key may appear in client-side code; default false (secret). */
  isPublic?: boolean;
  /**
   * What the key may do, from `listGrantableScopes()` (the server's `scopes` extension). Absent or `null`:
   * full access, and nothing is sent, so the request stays the core contract's.
   */
  scopes?: string[] | null;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** The calls on one owner's keys, as the seed's `user.createApiKey()` / `team.listApiKeys()` read. */
export interface ApiKeysScope {
  readonly owner: ApiKeyOwner;
  createApiKey(options: CreateApiKeyOptions, call?: CallOptions): Promise<ApiKeyFirstView>;
  /** Newest first, revoked and expired keys included; `extensions` says what else the server offers. */
  listApiKeys(call?: CallOptions): Promise<ApiKeyList>;
  getApiKey(id: string, call?: CallOptions): Promise<ApiKey>;
  /** Replaces a key with a new one; needs the server's `roll` extension. */
  rollApiKey(id: string, options: RollApiKeyOptions, call?: CallOptions): Promise<RolledApiKey>;
  /** The scopes this caller may grant to this owner's keys; needs the server's `scopes` extension. */
  listGrantableScopes(call?: CallOptions): Promise<GrantableScopeList>;
  /** Checks per key and UTC day, one item per key; needs the server's `usage` extension. */
  getUsage(options?: GetApiKeyUsageOptions, call?: CallOptions): Promise<ApiKeyUsage[]>;
}

export function ownerId(owner: ApiKeyOwner): string {
  return owner.type === "user" ? owner.userId : owner.teamId;
}

export function createScope(transport: Transport, owner: ApiKeyOwner): ApiKeysScope {
  const type: ApiKeyType = owner.type;
  const query = ownerQuery(type, ownerId(owner));
  return {
    owner,
    createApiKey: ({ description, expiresAt, isPublic = false, scopes }, call) =>
      transport(
        "POST",
        keyPath(type),
        {
          body: {
            description,
            expires_at_millis: expiresAt ? expiresAt.getTime() : null,
            is_public: isPublic,
            ...query,
            ...(scopes ? { scopes: [...scopes] } : {}),
          },
          signal: call?.signal,
        },
        (json) => createApiKeyModel(transport, parseApiKeyFirstView(json)),
      ),
    listApiKeys: (call) =>
      transport("GET", keyPath(type), { query, signal: call?.signal }, (json) => {
        const { items, extensions } = parseApiKeyList(json);
        return toApiKeyList(
          items.map((wire) => createApiKeyModel(transport, wire)),
          extensions,
        );
      }),
    getApiKey: (id, call) =>
      transport("GET", keyPath(type, id), { query, signal: call?.signal }, (json) =>
        createApiKeyModel(transport, parseApiKey(json)),
      ),
    rollApiKey: (id, options, call) => rollApiKey(transport, type, ownerId(owner), id, options, call),
    listGrantableScopes: (call) => listGrantableScopes(transport, type, ownerId(owner), call),
    getUsage: (options, call) => getApiKeyUsage(transport, type, ownerId(owner), options, call),
  };
}
