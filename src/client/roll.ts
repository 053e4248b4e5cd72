import { createApiKeyModel, keyPath, ownerQuery } from "./api-key.js";
import type { ApiKey, ApiKeyFirstView } from "./api-key.js";
import type { RequestOptions, Transport } from "./transport.js";
import { parseApiKey, parseApiKeyFirstView } from "./validate.js";
import type { ApiKeyType, RollApiKeyWire } from "./wire.js";

export interface RollApiKeyOptions {
  /** The new key's expiry; `null` for one that never expires. */
  expiresAt: Date | null;
  /** Milliseconds the old key keeps working, 0 (stops now) to 30 days. */
  overlap: number;
}

/** Roll's answer: the new key, shown once with its whole value, and the old one as it now stands. */
export interface RolledApiKey {
  apiKey: ApiKeyFirstView;
  previous: ApiKey;
}

/** POST `/{type}-api-keys/{id}/roll`, the reference server's `roll` extension. */
export function rollApiKey(
  transport: Transport,
  type: ApiKeyType,
  ownerId: string,
  id: string,
  { expiresAt, overlap }: RollApiKeyOptions,
  options?: Pick<RequestOptions, "signal">,
): Promise<RolledApiKey> {
  const body: RollApiKeyWire = {
    expires_at_millis: expiresAt ? expiresAt.getTime() : null,
    overlap_millis: overlap,
  };
  return transport(
    "POST",
    `${keyPath(type, id)}/roll`,
    { query: ownerQuery(type, ownerId), body, signal: options?.signal },
    (json) => {
      const answer = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
      return {
        apiKey: createApiKeyModel(transport, parseApiKeyFirstView(answer.api_key, "answer.api_key")),
        previous: createApiKeyModel(transport, parseApiKey(answer.previous, "answer.previous")),
      };
    },
  );
}
