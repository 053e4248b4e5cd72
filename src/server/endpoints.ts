import { DESCRIPTION_MAX_LENGTH, type ApiKeyType } from "../client/wire.js";
import type { Caller } from "./auth.js";
import { errors } from "./errors.js";
import { generateApiKey, hashApiKey, looksLikeApiKey } from "./key-format.js";
import { insertWithinLimit, type ApiKeysLimits } from "./limits.js";
import { Problems, idField, queryObject } from "./parse.js";
import { toFirstViewWire, toReadWire } from "./rows.js";
import type { ScopesConfig } from "./scopes.js";
import { ensureDeclared, ensureGrantable, scopesField, widening } from "./scopes.js";
import type { ApiKeyStore, StoredApiKey } from "./store.js";
import { actorOf, eventBase, type ApiKeyEvent } from "./events.js";

/** The latest instant a JavaScript Date can hold. */
const MAX_DATE_MILLIS = 8_640_000_000_000_000;

export interface EndpointContext {
  store: ApiKeyStore;
  projectId: string;
  keyPrefix: string;
  now: number;
  caller: Caller;
  type: ApiKeyType;
  /** "METHOD /path", for validation messages. */
  where: string;
  enabled: boolean;
  /** The extensions this handler has on, announced in list answers. */
  extensions: readonly string[];
  /** The `scopes` extension's settings, or null when it is off. */
  scopes: ScopesConfig | null;
  limits: Required<ApiKeysLimits>;
  canManageTeamKeys(userId: string, teamId: string): boolean | Promise<boolean>;
  /** events: what this request changed, to be told once it is answered; null when no one listens. */
  events: ApiKeyEvent[] | null;
}

export const ownerField = (type: ApiKeyType) => (type === "user" ? "user_id" : "team_id");

export async function createKey(ctx: EndpointContext, body: unknown) {
  const problems = new Problems(ctx.where);
  const field = ownerField(ctx.type);
  const allowed = ["description", "expires_at_millis", "is_public", field, ...(ctx.scopes ? ["scopes"] : [])];
  const input = problems.object(body, "body", allowed);
  const description = descriptionField(input, problems, true);
  const expiresAtMillis = expiryField(input, problems, ctx.now);
  const isPublic = input?.is_public ?? false;
  if (typeof isPublic !== "boolean") problems.add("body.is_public must be a boolean");
  const ownerRef = idField(input, field, "body", problems, true);
  const scopes = ctx.scopes ? (scopesField(input, "scopes", problems) ?? null) : null;
  problems.throwIfAny();
  ensureEnabled(ctx);

  const ownerId = await resolveOwner(ctx, ownerRef!);
  await ensureCanManage(ctx, ctx.type, ownerId);
  // Asked here, after the permission test and right before the insert, so a grant removed before this
  // request is read is never applied.
  if (ctx.scopes) await ensureGrantable(ctx, ownerId, scopes);
  const wholeKey = generateApiKey({ prefix: ctx.keyPrefix, isPublic: isPublic === true });
  const key: StoredApiKey = {
    id: crypto.randomUUID(),
    projectId: ctx.projectId,
    type: ctx.type,
    ownerId,
    description: description!,
    isPublic: isPublic === true,
    hash: await hashApiKey(wholeKey),
    lastFour: wholeKey.slice(-4),
    createdAtMillis: ctx.now,
    expiresAtMillis: expiresAtMillis!,
    revokedAtMillis: null,
    lastUsedAtMillis: null,
    ...(scopes ? { scopes } : {}),
  };
  await insertWithinLimit(ctx, key);
  ctx.events?.push({
    type: "created",
    ...eventBase(key, actorOf(ctx.caller), ctx.now),
    expiresAtMillis: key.expiresAtMillis,
    isPublic: key.isPublic,
    scopes: key.scopes ?? null,
  });
  return toFirstViewWire(key, wholeKey);
}

export async function listKeys(ctx: EndpointContext, params: URLSearchParams) {
  const problems = new Problems(ctx.where);
  const field = ownerField(ctx.type);
  const query = problems.object(queryObject(params, problems), "query", [field]);
  const ownerRef = idField(query, field, "query", problems, false);
  problems.throwIfAny();
  ensureEnabled(ctx);

  const ownerId = await resolveListOwner(ctx, ownerRef);
  await ensureCanManage(ctx, ctx.type, ownerId);
  const keys = await ctx.store.list(ctx.projectId, ctx.type, ownerId, ctx.limits.maxListedKeys);
  // Stack Auth has no `extensions` field: with none on, the answer is exactly Stack's.
  const extensions = ctx.extensions.length > 0 ? { extensions: [...ctx.extensions] } : {};
  return { items: keys.map(toReadWire), is_paginated: false as const, ...extensions };
}

export async function readKey(ctx: EndpointContext, id: string, params: URLSearchParams) {
  const problems = new Problems(ctx.where);
  const field = ownerField(ctx.type);
  // The owner in the query is accepted for Stack's clients but never trusted: the stored key decides.
  const query = problems.object(queryObject(params, problems), "query", [field]);
  idField(query, field, "query", problems, false);
  problems.throwIfAny();
  ensureEnabled(ctx);
  return toReadWire(await findOwnKey(ctx, id));
}

export async function updateKey(ctx: EndpointContext, id: string, params: URLSearchParams, body: unknown) {
  const problems = new Problems(ctx.where);
  const field = ownerField(ctx.type);
  const query = problems.object(queryObject(params, problems), "query", [field]);
  idField(query, field, "query", problems, false);
  const input = problems.object(body, "body", ["description", "revoked", ...(ctx.scopes ? ["scopes"] : [])]);
  const description = descriptionField(input, problems, false);
  if (input && input.revoked !== undefined && input.revoked !== true) {
    problems.add("body.revoked must be true; a revoked key cannot be restored");
  }
  const scopes = ctx.scopes ? scopesField(input, "scopes", problems) : undefined;
  problems.throwIfAny();
  ensureEnabled(ctx);

  let key = await findOwnKey(ctx, id);
  const before = key;
  if (scopes !== undefined) key = await narrowScopes(ctx, key, scopes);
  if (ctx.events && key.scopes && !sameScopes(key.scopes, before.scopes)) {
    const change = { previousScopes: before.scopes ?? null, scopes: [...key.scopes] };
    ctx.events.push({ type: "scopes-narrowed", ...eventBase(key, actorOf(ctx.caller), ctx.now), ...change });
  }
  if (description !== undefined) {
    key = (await ctx.store.updateDescription(ctx.projectId, id, description)) ?? notFound();
    if (ctx.events && description !== before.description) {
      const base = eventBase(key, actorOf(ctx.caller), ctx.now);
      ctx.events.push({ type: "renamed", ...base, previousDescription: before.description });
    }
  }
  if (input?.revoked === true) key = await revoke(ctx, id);
  return toReadWire(key);
}

export async function checkKey(ctx: EndpointContext, body: unknown) {
  const problems = new Problems(ctx.where);
  const input = problems.object(body, "body", ["api_key", ...(ctx.scopes ? ["required_scopes"] : [])]);
  if (input && typeof input.api_key !== "string") problems.add("body.api_key must be a string");
  const required = ctx.scopes ? scopesField(input, "required_scopes", problems) : undefined;
  if (input?.required_scopes === null) problems.add("body.required_scopes must be an array of scope ids");
  problems.throwIfAny();
  ensureEnabled(ctx);
  const undeclared = required?.filter((id) => !ctx.scopes!.ids.has(id)) ?? [];
  if (undeclared.length > 0) {
    throw errors.schema(
      `body.required_scopes names scopes this app does not declare: ${undeclared.join(", ")}`,
    );
  }

  const apiKey = input!.api_key as string;
  // A string that fails the checksum cannot be a key we issued, so the store is not asked.
  if (!looksLikeApiKey(apiKey)) throw errors.apiKeyNotFound();
  const hash = await hashApiKey(apiKey);
  // The usual answer takes one statement; only a key that fails is read again, to say why. A check for
  // scopes takes the second path, so a key lacking one is refused without being marked used.
  const used = required ? null : await ctx.store.markUsedByHash?.(ctx.projectId, hash, ctx.type, ctx.now);
  if (used) return toReadWire({ ...used, lastUsedAtMillis: ctx.now });
  const key = await ctx.store.findByHash(ctx.projectId, hash);
  if (!key) throw errors.apiKeyNotFound();
  if (key.type !== ctx.type) throw errors.wrongApiKeyType(ctx.type, key.type);
  if (key.revokedAtMillis !== null) throw errors.apiKeyRevoked();
  if (key.expiresAtMillis !== null && key.expiresAtMillis <= ctx.now) throw errors.apiKeyExpired();
  const missing = required ? widening(key.scopes, required) : [];
  if (missing.length > 0) throw errors.apiKeyInsufficientScope(missing);
  // A store without markUsedByHash, or a key inserted between the two statements.
  await ctx.store.markUsed(ctx.projectId, key.id, ctx.now);
  return toReadWire({ ...key, lastUsedAtMillis: ctx.now });
}

export function ensureEnabled(ctx: EndpointContext) {
  if (!ctx.enabled) throw errors.featureDisabled(ctx.type);
}

/** PATCH `scopes`: only ever narrower, tested again by the store against the row as it then stands. */
async function narrowScopes(ctx: EndpointContext, key: StoredApiKey, scopes: string[] | null) {
  if (scopes !== null) ensureDeclared(ctx.scopes!, scopes);
  const wider = widening(key.scopes, scopes ?? ctx.scopes!.declared.map((scope) => scope.id));
  // Full access on a restricted key is wider even when it lists every scope declared today.
  if (wider.length > 0 || (scopes === null && key.scopes)) {
    throw errors.apiKeyScopeNotAllowed(wider, "a key's scopes may only be narrowed");
  }
  // Full access asked for a full-access key: nothing to change.
  if (scopes === null) return key;
  const narrowed = await ctx.store.narrowScopes(ctx.projectId, key.id, scopes);
  if (narrowed) return narrowed;
  // Narrowed by another request in between: refused against what that one left.
  const current = (await ctx.store.get(ctx.projectId, key.id)) ?? notFound();
  throw errors.apiKeyScopeNotAllowed(widening(current.scopes, scopes), "a key's scopes may only be narrowed");
}

/** Keeps the first revocation; only the request that made it announces it. */
async function revoke(ctx: EndpointContext, id: string): Promise<StoredApiKey> {
  if (!ctx.events) return (await ctx.store.revoke(ctx.projectId, id, ctx.now)) ?? notFound();
  const claim = ctx.store.claimRevocation
    ? await ctx.store.claimRevocation(ctx.projectId, id, ctx.now)
    : await ctx.store
        .revoke(ctx.projectId, id, ctx.now)
        .then((key) => key && { key, revoked: key.revokedAtMillis === ctx.now });
  if (!claim) notFound();
  if (claim.revoked) {
    ctx.events.push({
      type: "revoked",
      ...eventBase(claim.key, actorOf(ctx.caller), ctx.now),
      why: "person",
    });
  }
  return claim.key;
}

const sameScopes = (a: readonly string[], b: readonly string[] | null | undefined) =>
  !!b && a.length === b.length && a.every((id) => b.includes(id));

function notFound(): never {
  throw errors.apiKeyNotFound();
}

/** Looks a key up by id and checks the caller may manage it, judging by the stored owner. */
export async function findOwnKey(ctx: EndpointContext, id: string): Promise<StoredApiKey> {
  const key = await ctx.store.get(ctx.projectId, id);
  if (!key || key.type !== ctx.type) notFound();
  await ensureCanManage(ctx, key.type, key.ownerId);
  return key;
}

/** The owner a list-like query names: a client listing user keys means its own; a server must say whose. */
export async function resolveListOwner(ctx: EndpointContext, ownerRef: string | undefined): Promise<string> {
  if (ownerRef === undefined) {
    if (ctx.type === "team" || ctx.caller.accessType === "server") {
      throw errors.schema(`${ownerField(ctx.type)} is required for ${ctx.type} API keys`);
    }
    ownerRef = "me";
  }
  return resolveOwner(ctx, ownerRef);
}

export async function resolveOwner(ctx: EndpointContext, ref: string): Promise<string> {
  if (ctx.type === "team" || ref !== "me") return ref;
  if (ctx.caller.userId === null) {
    throw ctx.caller.accessType === "client"
      ? errors.userAuthenticationRequired()
      : errors.cannotGetOwnUserWithoutUser();
  }
  return ctx.caller.userId;
}

export async function ensureCanManage(ctx: EndpointContext, type: ApiKeyType, ownerId: string) {
  if (ctx.caller.accessType === "server") return;
  const userId = ctx.caller.userId;
  if (userId === null) throw errors.userAuthenticationRequired();
  if (type === "user") {
    if (ownerId !== userId) throw errors.forbiddenOtherUser();
    return;
  }
  // Without the permission the team looks empty rather than forbidden, so its existence stays private.
  if ((await ctx.canManageTeamKeys(userId, ownerId)) !== true) throw errors.apiKeyNotFound();
}

function descriptionField(input: Record<string, unknown> | null, problems: Problems, required: boolean) {
  if (!input) return undefined;
  const value = input.description;
  if (value === undefined) {
    if (required) problems.add("body.description must be defined");
    return undefined;
  }
  if (typeof value !== "string") {
    problems.add("body.description must be a string");
    return undefined;
  }
  if (value.length > DESCRIPTION_MAX_LENGTH) {
    problems.add(`body.description must be at most ${DESCRIPTION_MAX_LENGTH} characters`);
    return undefined;
  }
  return value;
}

export function expiryField(input: Record<string, unknown> | null, problems: Problems, now: number) {
  if (!input) return undefined;
  const value = input.expires_at_millis;
  if (value === undefined) {
    problems.add("body.expires_at_millis must be defined (milliseconds since the epoch, or null)");
  } else if (value === null) {
    return null;
  } else if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    problems.add("body.expires_at_millis must be an integer number of milliseconds, or null");
  } else if (value <= now) {
    problems.add("body.expires_at_millis must be in the future");
  } else if (value > MAX_DATE_MILLIS) {
    problems.add(`body.expires_at_millis must be at most ${MAX_DATE_MILLIS}`);
  } else {
    return value;
  }
  return undefined;
}
