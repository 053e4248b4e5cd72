// The wire shapes of ../shared/CONTRACT.md and the one place where snake_case becomes camelCase.
// The reference server imports this file too, so both sides read and write the same names.

export type ApiKeyType = "user" | "team";

export interface ApiKeyReadWire {
  id: string;
  description: string;
  created_at_millis: number;
  expires_at_millis?: number;
  manually_revoked_at_millis?: number;
  last_used_at_millis?: number;
  is_public: boolean;
  value: { last_four: string };
  type: ApiKeyType;
  user_id?: string;
  team_id?: string;
  /** roll: the key this one replaced. */
  rolled_from_id?: string;
  /** roll: the key that replaced this one. */
  rolled_to_id?: string;
  /** scopes: what the key may do; absent means full access. */
  scopes?: string[];
  /** Why the server revoked the key on its own: "leak" (found in public by secret scanning). */
  revoked_reason?: string;
  /** secret scanning: when the key was first reported found in public, and where. */
  leaked_at_millis?: number;
  leak_url?: string;
}

export interface ApiKeyFirstViewWire extends Omit<ApiKeyReadWire, "value"> {
  value: string;
}

export interface ApiKeyListWire {
  items: ApiKeyReadWire[];
  is_paginated: false;
  /** The reference server's extensions (CONTRACT.md); absent from Stack Auth's answers, meaning none. */
  extensions?: string[];
}

export interface KnownErrorWire {
  code: string;
  error: string;
  details?: Record<string, unknown>;
}

/** The fields of a key record in TypeScript's spelling, before the model adds its methods. */
export interface ApiKeyData {
  id: string;
  description: string;
  createdAt: Date;
  expiresAt?: Date;
  manuallyRevokedAt: Date | null;
  lastUsedAt?: Date;
  isPublic: boolean;
  value: { lastFour: string };
  type: ApiKeyType;
  userId?: string;
  teamId?: string;
  rolledFromId?: string;
  rolledToId?: string;
  /** scopes: what the key may do; absent means full access. */
  scopes?: string[];
  /** "leak": revoked because it was found in public. `whyInvalid()` still says "manually-revoked". */
  revokedReason?: string;
  leakedAt?: Date;
  leakUrl?: string;
}

export interface ApiKeyFirstViewData extends Omit<ApiKeyData, "value"> {
  value: string;
}

export const KNOWN_ERRORS = {
  API_KEY_NOT_FOUND: 404,
  API_KEY_EXPIRED: 401,
  API_KEY_REVOKED: 401,
  WRONG_API_KEY_TYPE: 400,
  SCHEMA_ERROR: 400,
  USER_AUTHENTICATION_REQUIRED: 401,
  INSUFFICIENT_ACCESS_TYPE: 401,
  // The reference server's extensions.
  API_KEY_NOT_ROLLABLE: 409,
  API_KEY_SCOPE_NOT_ALLOWED: 400,
  API_KEY_INSUFFICIENT_SCOPE: 403,
  /** The owner already holds as many working keys as the server allows. */
  API_KEY_LIMIT_REACHED: 409,
} as const;

export type KnownErrorCode = keyof typeof KNOWN_ERRORS;

export const API_PATH = "/api/v1";
export const DESCRIPTION_MAX_LENGTH = 100;

const toDate = (millis: number | undefined) => (millis === undefined ? undefined : new Date(millis));

export function fromWire(wire: ApiKeyReadWire): ApiKeyData;
export function fromWire(wire: ApiKeyFirstViewWire): ApiKeyFirstViewData;
export function fromWire(wire: ApiKeyReadWire | ApiKeyFirstViewWire): ApiKeyData | ApiKeyFirstViewData {
  const data = {
    id: wire.id,
    description: wire.description,
    createdAt: new Date(wire.created_at_millis),
    manuallyRevokedAt: toDate(wire.manually_revoked_at_millis) ?? null,
    isPublic: wire.is_public,
    value: typeof wire.value === "string" ? wire.value : { lastFour: wire.value.last_four },
    type: wire.type,
  } as ApiKeyData | ApiKeyFirstViewData;
  if (wire.expires_at_millis !== undefined) data.expiresAt = new Date(wire.expires_at_millis);
  if (wire.last_used_at_millis !== undefined) data.lastUsedAt = new Date(wire.last_used_at_millis);
  if (wire.user_id !== undefined) data.userId = wire.user_id;
  if (wire.team_id !== undefined) data.teamId = wire.team_id;
  if (wire.rolled_from_id !== undefined) data.rolledFromId = wire.rolled_from_id;
  if (wire.rolled_to_id !== undefined) data.rolledToId = wire.rolled_to_id;
  if (wire.scopes !== undefined) data.scopes = [...wire.scopes];
  if (wire.revoked_reason !== undefined) data.revokedReason = wire.revoked_reason;
  if (wire.leaked_at_millis !== undefined) data.leakedAt = new Date(wire.leaked_at_millis);
  if (wire.leak_url !== undefined) data.leakUrl = wire.leak_url;
  return data;
}

export function toWire(data: ApiKeyData): ApiKeyReadWire;
export function toWire(data: ApiKeyFirstViewData): ApiKeyFirstViewWire;
export function toWire(data: ApiKeyData | ApiKeyFirstViewData): ApiKeyReadWire | ApiKeyFirstViewWire {
  const wire = {
    id: data.id,
    description: data.description,
    created_at_millis: data.createdAt.getTime(),
    is_public: data.isPublic,
    value: typeof data.value === "string" ? data.value : { last_four: data.value.lastFour },
    type: data.type,
  } as ApiKeyReadWire | ApiKeyFirstViewWire;
  if (data.expiresAt) wire.expires_at_millis = data.expiresAt.getTime();
  if (data.manuallyRevokedAt) wire.manually_revoked_at_millis = data.manuallyRevokedAt.getTime();
  if (data.lastUsedAt) wire.last_used_at_millis = data.lastUsedAt.getTime();
  if (data.userId !== undefined) wire.user_id = data.userId;
  if (data.teamId !== undefined) wire.team_id = data.teamId;
  if (data.rolledFromId !== undefined) wire.rolled_from_id = data.rolledFromId;
  if (data.rolledToId !== undefined) wire.rolled_to_id = data.rolledToId;
  if (data.scopes !== undefined && data.scopes !== null) wire.scopes = [...data.scopes];
  if (data.revokedReason !== undefined) wire.revoked_reason = data.revokedReason;
  if (data.leakedAt) wire.leaked_at_millis = data.leakedAt.getTime();
  if (data.leakUrl !== undefined) wire.leak_url = data.leakUrl;
  return wire;
}

/** A create answer without its secret: the read form, holding only the last four characters. */
export function withoutSecret(wire: ApiKeyFirstViewWire): ApiKeyReadWire {
  return { ...wire, value: { last_four: wire.value.slice(-4) } };
}

export interface CreateApiKeyWire {
  description: string;
  expires_at_millis: number | null;
  is_public?: boolean;
  user_id?: string;
  team_id?: string;
  /** scopes: `null` or absent for full access. */
  scopes?: string[] | null;
}

export interface RollApiKeyWire {
  expires_at_millis: number | null;
  overlap_millis: number;
  /** scopes: absent keeps the old key's; a list narrows them. */
  scopes?: string[] | null;
}

export interface RollApiKeyAnswerWire {
  api_key: ApiKeyFirstViewWire;
  previous: ApiKeyReadWire;
}

/** usage: what a check that found a key ended in, counted per key and UTC day. */
export const USAGE_OUTCOMES = ["ok", "revoked", "expired", "insufficient_scope", "rate_limited"] as const;
export type UsageOutcome = (typeof USAGE_OUTCOMES)[number];
/** usage: the days one request may ask for, and how many it gets when it does not say. */
export const MAX_USAGE_DAYS = 90;
export const DEFAULT_USAGE_DAYS = 30;

export type ApiKeyUsageDayWire = { date: string } & Record<UsageOutcome, number>;

/** GET `/{user,team}-api-keys/usage`: one item per key of the owner, days oldest first, today (UTC) last. */
export interface ApiKeyUsageAnswerWire {
  items: { id: string; days: ApiKeyUsageDayWire[] }[];
}

export interface UpdateApiKeyWire {
  description?: string;
  revoked?: true;
  /** scopes: a subset of the key's current scopes. */
  scopes?: string[];
}

export interface ApiKeyScopeWire {
  id: string;
  label: string;
  description?: string;
}

export interface ApiKeyScopeListWire {
  items: ApiKeyScopeWire[];
}

/** Header suffixes; the client sends the `x-stack-` family, the server reads both. */
export const HEADER_PREFIXES = ["x-stack-", "x-hexclave-"] as const;
