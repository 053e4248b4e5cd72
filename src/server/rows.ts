import { toWire, type ApiKeyData, type ApiKeyFirstViewWire, type ApiKeyReadWire } from "../client/wire.js";
import type { StoredApiKey } from "./store.js";

function toData(key: StoredApiKey): ApiKeyData {
  const data: ApiKeyData = {
    id: key.id,
    description: key.description,
    createdAt: new Date(key.createdAtMillis),
    manuallyRevokedAt: key.revokedAtMillis === null ? null : new Date(key.revokedAtMillis),
    isPublic: key.isPublic,
    value: { lastFour: key.lastFour },
    type: key.type,
  };
  if (key.expiresAtMillis !== null) data.expiresAt = new Date(key.expiresAtMillis);
  if (key.lastUsedAtMillis !== null) data.lastUsedAt = new Date(key.lastUsedAtMillis);
  if (key.type === "user") data.userId = key.ownerId;
  else data.teamId = key.ownerId;
  if (key.rolledFromId) data.rolledFromId = key.rolledFromId;
  if (key.rolledToId) data.rolledToId = key.rolledToId;
  if (key.scopes) data.scopes = [...key.scopes];
  if (key.revokedReason) data.revokedReason = key.revokedReason;
  if (key.leakedAtMillis != null) data.leakedAt = new Date(key.leakedAtMillis);
  if (key.leakUrl) data.leakUrl = key.leakUrl;
  return data;
}

/** The read object; absent optional fields are left out, as the contract asks. */
export function toReadWire(key: StoredApiKey): ApiKeyReadWire {
  return toWire(toData(key));
}

/** Create's answer, the only one that carries the whole key. */
export function toFirstViewWire(key: StoredApiKey, wholeKey: string): ApiKeyFirstViewWire {
  return toWire({ ...toData(key), value: wholeKey });
}
