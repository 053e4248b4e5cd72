import type { RequestOptions, Transport } from "./transport.js";
import { rollApiKey } from "./roll.js";
import type { RollApiKeyOptions, RolledApiKey } from "./roll.js";
import { parseApiKey } from "./validate.js";
import { fromWire, toWire } from "./wire.js";
import type {
  ApiKeyData,
  ApiKeyFirstViewData,
  ApiKeyFirstViewWire,
  ApiKeyReadWire,
  ApiKeyType,
} from "./wire.js";

export type ApiKeyInvalidReason = "manually-revoked" | "expired";

export interface ApiKeyMethods {
  /** True while the key is neither revoked nor past its expiry. */
  isValid(now?: Date): boolean;
  /** Why the key no longer works; revocation wins over expiry. */
  whyInvalid(now?: Date): ApiKeyInvalidReason | null;
  /** Revokes the key for good; answers the key as the server now holds it. */
  revoke(options?: Pick<RequestOptions, "signal">): Promise<ApiKey>;
  /** Renames the key, or narrows its scopes (never wider than now: the `scopes` extension refuses that). */
  update(changes: ApiKeyChanges, options?: Pick<RequestOptions, "signal">): Promise<ApiKey>;
  /** Replaces the key with a new one (the server's `roll` extension); the old one works for `overlap` ms. */
  roll(options: RollApiKeyOptions, call?: Pick<RequestOptions, "signal">): Promise<RolledApiKey>;
  /** The wire form, safe to serialize (for a query cache, or SSR hydration). */
  toJSON(): ApiKeyReadWire;
}

export interface ApiKeyChanges {
  description?: string;
  scopes?: string[];
}

export type ApiKey = ApiKeyData & ApiKeyMethods;
/** Create's answer: the only object that ever holds the whole key, in `value`. */
export type ApiKeyFirstView = ApiKeyFirstViewData &
  Omit<ApiKeyMethods, "toJSON"> & { toJSON(): ApiKeyFirstViewWire };

export function whyInvalid(key: Pick<ApiKeyData, "manuallyRevokedAt" | "expiresAt">, now = new Date()) {
  if (key.manuallyRevokedAt) return "manually-revoked" as const;
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired" as const;
  return null;
}

export const ownerQuery = (type: ApiKeyType, ownerId: string): Record<string, string> => ({
  [`${type}_id`]: ownerId,
});

const ownerOf = (data: ApiKeyData) => (data.userId ?? data.teamId) as string;

export function keyPath(type: ApiKeyType, id = ""): string {
  return `/${type}-api-keys${id ? `/${encodeURIComponent(id)}` : ""}`;
}

// A class rather than a plain object: its methods live on the prototype, so spreading or logging a key shows
// only data, and TanStack's structural sharing (which copies plain objects) keeps the instances whole.
class ApiKeyModel implements ApiKeyMethods {
  readonly #transport: Transport;

  constructor(transport: Transport, data: ApiKeyData | ApiKeyFirstViewData) {
    this.#transport = transport;
    Object.assign(this, data);
  }

  isValid(now?: Date) {
    return whyInvalid(this as unknown as ApiKeyData, now) === null;
  }

  whyInvalid(now?: Date) {
    return whyInvalid(this as unknown as ApiKeyData, now);
  }

  revoke(options?: Pick<RequestOptions, "signal">) {
    return this.#patch({ revoked: true }, options);
  }

  update({ description, scopes }: ApiKeyChanges, options?: Pick<RequestOptions, "signal">) {
    const body: Record<string, unknown> = {};
    if (description !== undefined) body.description = description;
    if (scopes !== undefined) body.scopes = [...scopes];
    return this.#patch(body, options);
  }

  roll(options: RollApiKeyOptions, call?: Pick<RequestOptions, "signal">) {
    const data = this as unknown as ApiKeyData;
    return rollApiKey(this.#transport, data.type, ownerOf(data), data.id, options, call);
  }

  toJSON() {
    return toWire(this as unknown as ApiKeyData);
  }

  #patch(body: Record<string, unknown>, options?: Pick<RequestOptions, "signal">): Promise<ApiKey> {
    const data = this as unknown as ApiKeyData;
    const transport = this.#transport;
    return transport(
      "PATCH",
      keyPath(data.type, data.id),
      { query: ownerQuery(data.type, ownerOf(data)), body, signal: options?.signal },
      (json) => createApiKeyModel(transport, parseApiKey(json)),
    );
  }
}

export function createApiKeyModel(transport: Transport, wire: ApiKeyReadWire): ApiKey;
export function createApiKeyModel(transport: Transport, wire: ApiKeyFirstViewWire): ApiKeyFirstView;
export function createApiKeyModel(
  transport: Transport,
  wire: ApiKeyReadWire | ApiKeyFirstViewWire,
): ApiKey | ApiKeyFirstView {
  return new ApiKeyModel(transport, fromWire(wire as ApiKeyReadWire)) as unknown as ApiKey;
}
