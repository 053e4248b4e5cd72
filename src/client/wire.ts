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

// The read object's fields, in the order an answer lists them; the model's name drops `_millis` (the value
// becomes a Date) and is camelCased.
const FIELDS = [
  "id",
  "description",
  "created_at_millis",
  "is_public",
  "value",
  "type",
  "expires_at_millis",
  "manually_revoked_at_millis",
  "last_used_at_millis",
  "user_id",
  "team_id",
  "rolled_from_id",
  "rolled_to_id",
  "scopes",
  "revoked_reason",
  "leaked_at_millis",
  "leak_url",
].map((name) => [name, name.replace(/_millis$/, "").replace(/_(.)/g, (_, c: string) => c.toUpperCase())]);

type Loose = Record<string, unknown>;

function convert(from: Loose, toModel: boolean): Loose {
  const to: Loose = toModel ? { manuallyRevokedAt: null } : {};
  for (const [wireName, modelName] of FIELDS) {
    const name = toModel ? wireName! : modelName!;
    const v = from[name] as Loose | string | number | Date | string[] | null | undefined;
    if (v == null) continue;
    to[toModel ? modelName! : wireName!] = name.endsWith("millis")
      ? new Date(v as number)
      : v instanceof Date
        ? v.getTime()
        : Array.isArray(v)
          ? [...v]
          : name == "value" && typeof v == "object"
            ? toModel
              ? { lastFour: v.last_four }
              : { last_four: v.lastFour }
            : v;
  }
  return to;
}

export function fromWire(wire: ApiKeyReadWire): ApiKeyData;
export function fromWire(wire: ApiKeyFirstViewWire): ApiKeyFirstViewData;
export function fromWire(wire: ApiKeyReadWire | ApiKeyFirstViewWire): ApiKeyData | ApiKeyFirstViewData {
  return convert(wire as unknown as Loose, true) as unknown as ApiKeyData;
}

export function toWire(data: ApiKeyData): ApiKeyReadWire;
export function toWire(data: ApiKeyFirstViewData): ApiKeyFirstViewWire;
export function toWire(data: ApiKeyData | ApiKeyFirstViewData): ApiKeyReadWire | ApiKeyFirstViewWire {
  return convert(data as unknown as Loose, false) as unknown as ApiKeyReadWire;
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
