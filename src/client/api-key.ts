import type { RequestOptions, Transport } from "./transport.js";
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
  update(changes: { description: string }, options?: Pick<RequestOptions, "signal">): Promise<ApiKey>;
  /** The wire form, safe to serialize (for a query cache, or SSR hydration). */
  toJSON(): ApiKeyReadWire;
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

export function ownerQuery(type: ApiKeyType, ownerId: string): Record<string, string> {
  return type === "user" ? { user_id: ownerId } : { team_id: ownerId };
}

export function keyPath(type: ApiKeyType, id = ""): string {
  return `/${type}-api-keys${id ? `/${encodeURIComponent(id)}` : ""}`;
}

export function createApiKeyModel(transport: Transport, wire: ApiKeyReadWire): ApiKey;
export function createApiKeyModel(transport: Transport, wire: ApiKeyFirstViewWire): ApiKeyFirstView;
export function createApiKeyModel(
  transport: Transport,
  wire: ApiKeyReadWire | ApiKeyFirstViewWire,
): ApiKey | ApiKeyFirstView {
  const data = fromWire(wire as ApiKeyReadWire);
  const patch = (body: Record<string, unknown>, options?: Pick<RequestOptions, "signal">) =>
    transport(
      "PATCH",
      keyPath(data.type, data.id),
      { query: ownerQuery(data.type, (data.userId ?? data.teamId) as string), body, signal: options?.signal },
      (json) => createApiKeyModel(transport, parseApiKey(json)),
    );
  const methods: ApiKeyMethods = {
    isValid: (now) => whyInvalid(data, now) === null,
    whyInvalid: (now) => whyInvalid(data, now),
    revoke: (options) => patch({ revoked: true }, options),
    update: ({ description }, options) => patch({ description }, options),
    toJSON: () => toWire(data),
  };
  // Methods are not enumerable, so spreading or logging a key shows only its data.
  for (const [name, value] of Object.entries(methods)) Object.defineProperty(data, name, { value });
  return data as ApiKey;
}
