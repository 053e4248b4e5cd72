import type { ApiKeyType } from "../client/wire.js";
import type { Caller } from "./auth.js";
import type { EndpointContext } from "./endpoints.js";
import { ensureCanManage, ensureEnabled, ownerField, resolveOwner } from "./endpoints.js";
import { errors } from "./errors.js";
import { Problems, idField, queryObject } from "./parse.js";

/** One thing a key may be allowed to do, as the app declares it. */
export interface ApiKeyScopeDefinition {
  /** `area:action`, e.g. `notes:read`: lowercase letters, digits, `_`, `-` and `.` on each side of the colon. */
  id: string;
  label: string;
  description?: string;
}

export interface GrantableScopesContext {
  caller: Caller;
  owner: { type: ApiKeyType; id: string };
}

/** Which declared scopes `caller` may put on keys of `owner`; ids not declared are ignored. */
export type GrantableScopes = (
  context: GrantableScopesContext,
) => readonly string[] | Promise<readonly string[]>;

export const SCOPE_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]*:[a-z0-9][a-z0-9_.-]*$/;
export const MAX_SCOPE_ID_LENGTH = 64;
/** The most scopes an app may declare, and so the most a key may carry. */
export const MAX_SCOPES = 100;
const MAX_LABEL_LENGTH = 200;

/** The handler's scopes, checked once when it is made. */
export interface ScopesConfig {
  declared: readonly ApiKeyScopeDefinition[];
  ids: ReadonlySet<string>;
  grantable?: GrantableScopes;
}

export function scopesConfig(
  declared: readonly ApiKeyScopeDefinition[] | undefined,
  grantable: GrantableScopes | undefined,
): ScopesConfig | null {
  if (declared === undefined) {
    if (grantable) throw new TypeError("createApiKeysHandler: grantableScopes needs scopes to be declared.");
    return null;
  }
  if (!Array.isArray(declared) || declared.length === 0 || declared.length > MAX_SCOPES) {
    throw new TypeError(`createApiKeysHandler: scopes must be a list of 1 to ${MAX_SCOPES} scopes.`);
  }
  const ids = new Set<string>();
  const copies: ApiKeyScopeDefinition[] = [];
  for (const scope of declared) {
    const id = (scope as Partial<ApiKeyScopeDefinition> | null)?.id;
    if (typeof id !== "string" || id.length > MAX_SCOPE_ID_LENGTH || !SCOPE_ID_PATTERN.test(id)) {
      throw new TypeError(
        `createApiKeysHandler: scope id ${JSON.stringify(id)} must look like "area:action" (lowercase, at most ${MAX_SCOPE_ID_LENGTH} characters).`,
      );
    }
    if (ids.has(id)) throw new TypeError(`createApiKeysHandler: scope ${id} is declared twice.`);
    const { label, description } = scope;
    if (typeof label !== "string" || label.trim() === "" || label.length > MAX_LABEL_LENGTH) {
      throw new TypeError(
        `createApiKeysHandler: scope ${id} needs a label of 1 to ${MAX_LABEL_LENGTH} characters.`,
      );
    }
    if (description !== undefined && typeof description !== "string") {
      throw new TypeError(`createApiKeysHandler: the description of scope ${id} must be a string.`);
    }
    ids.add(id);
    copies.push(description === undefined ? { id, label } : { id, label, description });
  }
  if (grantable !== undefined && typeof grantable !== "function") {
    throw new TypeError("createApiKeysHandler: grantableScopes must be a function.");
  }
  return { declared: Object.freeze(copies), ids, grantable };
}

/**
 * Reads `scopes` from a body: `undefined` when absent, `null` for full access, or a list of declared ids.
 * Malformed lists are schema problems; well-formed ids the app never declared are refused as not allowed.
 */
export function scopesField(
  input: Record<string, unknown> | null,
  field: string,
  problems: Problems,
): string[] | null | undefined {
  if (!input) return undefined;
  const value = input[field];
  if (value === undefined || value === null) return value;
  const name = `body.${field}`;
  if (!Array.isArray(value)) {
    problems.add(`${name} must be an array of scope ids, or null for full access`);
    return undefined;
  }
  if (value.length > MAX_SCOPES) {
    problems.add(`${name} must hold at most ${MAX_SCOPES} scope ids`);
    return undefined;
  }
  const seen = new Set<string>();
  for (const id of value) {
    if (typeof id !== "string" || id === "") {
      problems.add(`${name} must hold non-empty strings`);
      return undefined;
    }
    if (id.length > MAX_SCOPE_ID_LENGTH) {
      problems.add(`${name} must hold ids of at most ${MAX_SCOPE_ID_LENGTH} characters`);
      return undefined;
    }
    if (seen.has(id)) {
      problems.add(`${name} must not name ${JSON.stringify(id)} twice`);
      return undefined;
    }
    seen.add(id);
  }
  return value as string[];
}

/** Throws `API_KEY_SCOPE_NOT_ALLOWED` naming every id the app did not declare. */
export function ensureDeclared(config: ScopesConfig, scopes: readonly string[]) {
  const unknown = scopes.filter((id) => !config.ids.has(id));
  if (unknown.length > 0) throw errors.apiKeyScopeNotAllowed(unknown, "not a scope of this app");
}

/** The declared scopes `caller` may grant to `owner`'s keys, asked afresh on every request. */
export async function grantableScopes(
  ctx: EndpointContext,
  ownerId: string,
): Promise<ApiKeyScopeDefinition[]> {
  const config = ctx.scopes!;
  if (!config.grantable) return [...config.declared];
  const allowed = await config.grantable({
    caller: { ...ctx.caller },
    owner: { type: ctx.type, id: ownerId },
  });
  if (!Array.isArray(allowed)) throw new TypeError("grantableScopes must answer a list of scope ids.");
  const set = new Set(allowed);
  return config.declared.filter((scope) => set.has(scope.id));
}

/**
 * Refuses scopes the caller may not grant. Full access (`null`) stands for every declared scope, so only a
 * caller who may grant them all may make such a key.
 */
export async function ensureGrantable(
  ctx: EndpointContext,
  ownerId: string,
  scopes: readonly string[] | null,
) {
  const config = ctx.scopes!;
  if (scopes !== null) ensureDeclared(config, scopes);
  const grantable = new Set((await grantableScopes(ctx, ownerId)).map((scope) => scope.id));
  const wanted = scopes ?? config.declared.map((scope) => scope.id);
  const refused = wanted.filter((id) => !grantable.has(id));
  if (refused.length > 0) {
    throw errors.apiKeyScopeNotAllowed(
      refused,
      scopes === null ? "full access includes scopes you may not grant" : "you may not grant them",
    );
  }
}

/** The ids in `wanted` that `current` lacks (none when `current` is full access). */
export function widening(current: readonly string[] | null | undefined, wanted: readonly string[]) {
  if (current === null || current === undefined) return [];
  return wanted.filter((id) => !current.includes(id));
}

/** GET `/api-key-scopes?user_id=…|team_id=…`: permissions and 404-hiding as the list of that owner's keys. */
export async function listGrantableScopes(ctx: EndpointContext, params: URLSearchParams) {
  const problems = new Problems(ctx.where);
  const field = ownerField(ctx.type);
  const query = problems.object(queryObject(params, problems), "query", [field]);
  let ownerRef = idField(query, field, "query", problems, false);
  problems.throwIfAny();
  ensureEnabled(ctx);
  if (ownerRef === undefined) {
    if (ctx.caller.accessType === "server") throw errors.schema("user_id or team_id is required");
    ownerRef = "me";
  }
  const ownerId = await resolveOwner(ctx, ownerRef);
  await ensureCanManage(ctx, ctx.type, ownerId);
  const items = await grantableScopes(ctx, ownerId);
  // Our addition: whether create would accept `scopes: null`, so a form need not offer what it refuses. A
  // client reads it absent (an older server) as true: Full access is offered as before, and create decides.
  return { items, full_access: items.length === ctx.scopes!.declared.length };
}

/** Which kind of owner a grantable-scopes request is about: a team when it names one. */
export const scopesOwnerType = (params: URLSearchParams): ApiKeyType =>
  params.has("team_id") ? "team" : "user";
