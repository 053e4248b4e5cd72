import type { EndpointContext } from "./endpoints.js";
import { ensureEnabled, expiryField, findOwnKey, ownerField } from "./endpoints.js";
import { errors } from "./errors.js";
import { actorOf, eventBase } from "./events.js";
import { generateApiKey, hashApiKey } from "./key-format.js";
import { ensureDeclared, ensureGrantable, scopesField, widening } from "./scopes.js";
import { Problems, idField, queryObject } from "./parse.js";
import { toFirstViewWire, toReadWire } from "./rows.js";
import type { StoredApiKey } from "./store.js";

/** The longest the old key may keep working after a roll. */
export const MAX_ROLL_OVERLAP_MILLIS = 30 * 24 * 60 * 60 * 1000;

/** POST `/{type}-api-keys/{id}/roll`: query, permissions and 404-hiding as PATCH. */
export async function rollKey(ctx: EndpointContext, id: string, params: URLSearchParams, body: unknown) {
  const problems = new Problems(ctx.where);
  const field = ownerField(ctx.type);
  const query = problems.object(queryObject(params, problems), "query", [field]);
  idField(query, field, "query", problems, false);
  const allowed = ["expires_at_millis", "overlap_millis", ...(ctx.scopes ? ["scopes"] : [])];
  const input = problems.object(body, "body", allowed);
  const expiresAtMillis = expiryField(input, problems, ctx.now);
  const overlapMillis = overlapField(input, problems);
  const scopes = ctx.scopes ? scopesField(input, "scopes", problems) : undefined;
  problems.throwIfAny();
  ensureEnabled(ctx);

  const old = await findOwnKey(ctx, id);
  // Refused here without making a key; the store tests the same again, atomically, for concurrent calls.
  const refused = whyNotRollable(old, ctx.now);
  if (refused) throw errors.apiKeyNotRollable(refused);
  if (ctx.scopes) await ensureRollScopes(ctx, old, scopes);

  const wholeKey = generateApiKey({ prefix: ctx.keyPrefix, isPublic: old.isPublic });
  const next: StoredApiKey = {
    id: crypto.randomUUID(),
    projectId: ctx.projectId,
    type: old.type,
    ownerId: old.ownerId,
    description: old.description,
    isPublic: old.isPublic,
    hash: await hashApiKey(wholeKey),
    lastFour: wholeKey.slice(-4),
    createdAtMillis: ctx.now,
    expiresAtMillis: expiresAtMillis!,
    revokedAtMillis: null,
    lastUsedAtMillis: null,
    rolledFromId: id,
  };
  const rolled = await ctx.store.roll(ctx.projectId, id, next, {
    atMillis: ctx.now,
    untilMillis: ctx.now + overlapMillis!,
    // "Now" revokes as well as ends the key's life, so it reads as revoked everywhere, as a revoke would.
    revokeNow: overlapMillis === 0,
    // Copied by the store from the row as it stands, so a narrowing that lands first is never undone.
    ...(scopes === undefined ? {} : { scopes }),
  });
  if (!rolled) {
    // Changed since it was read: another roll (or a revoke, or a narrowing) came first. Say what it finds now.
    const current = await ctx.store.get(ctx.projectId, id);
    const reason = current && whyNotRollable(current, ctx.now);
    if (current && !reason && scopes !== undefined) {
      throw errors.apiKeyScopeNotAllowed(widening(current.scopes, scopes ?? []), NARROW_ONLY);
    }
    throw errors.apiKeyNotRollable(reason || "rolled");
  }
  if (ctx.events) {
    const base = eventBase(rolled.previous, actorOf(ctx.caller), ctx.now);
    const stops = rolled.previous.expiresAtMillis!;
    ctx.events.push({ type: "rolled", ...base, newKeyId: rolled.next.id, oldKeyStopsAtMillis: stops });
    // An overlap of 0 ends now; a sweep announces a longer one when it ends (it skips revoked keys).
    if (overlapMillis === 0) ctx.events.push({ type: "revoked", ...base, why: "overlap-end" });
  }
  return { api_key: toFirstViewWire(rolled.next, wholeKey), previous: toReadWire(rolled.previous) };
}

const NARROW_ONLY = "a rolled key's scopes may only be narrowed";

/**
 * The new key gets the old key's scopes, or narrower ones, and only scopes the caller may grant today: a
 * caller who lost a grant must narrow it away rather than carry it over.
 */
async function ensureRollScopes(
  ctx: EndpointContext,
  old: StoredApiKey,
  scopes: string[] | null | undefined,
) {
  if (scopes) ensureDeclared(ctx.scopes!, scopes);
  const oldScopes = old.scopes ?? null;
  if (scopes !== undefined) {
    const wider = widening(oldScopes, scopes ?? ctx.scopes!.declared.map((scope) => scope.id));
    if (wider.length > 0 || (scopes === null && oldScopes))
      throw errors.apiKeyScopeNotAllowed(wider, NARROW_ONLY);
  }
  await ensureGrantable(ctx, old.ownerId, scopes === undefined ? oldScopes : scopes);
}

/** A replaced key is "rolled" even once revoked or expired: that is the most useful thing to say about it. */
function whyNotRollable(key: StoredApiKey, now: number): "revoked" | "expired" | "rolled" | null {
  if (key.rolledToId) return "rolled";
  if (key.revokedAtMillis !== null) return "revoked";
  if (key.expiresAtMillis !== null && key.expiresAtMillis <= now) return "expired";
  return null;
}

function overlapField(input: Record<string, unknown> | null, problems: Problems) {
  if (!input) return undefined;
  const value = input.overlap_millis;
  if (value === undefined) {
    problems.add("body.overlap_millis must be defined (milliseconds the old key keeps working)");
  } else if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    problems.add("body.overlap_millis must be an integer number of milliseconds");
  } else if (value < 0 || value > MAX_ROLL_OVERLAP_MILLIS) {
    problems.add(`body.overlap_millis must be between 0 and ${MAX_ROLL_OVERLAP_MILLIS} (30 days)`);
  } else {
    return value;
  }
  return undefined;
}
