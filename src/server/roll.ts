import type { EndpointContext } from "./endpoints.js";
import { ensureEnabled, expiryField, findOwnKey, ownerField } from "./endpoints.js";
import { errors } from "./errors.js";
import { generateApiKey, hashApiKey } from "./key-format.js";
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
  const input = problems.object(body, "body", ["expires_at_millis", "overlap_millis"]);
  const expiresAtMillis = expiryField(input, problems, ctx.now);
  const overlapMillis = overlapField(input, problems);
  problems.throwIfAny();
  ensureEnabled(ctx);

  const old = await findOwnKey(ctx, id);
  // Refused here without making a key; the store tests the same again, atomically, for concurrent calls.
  const refused = whyNotRollable(old, ctx.now);
  if (refused) throw errors.apiKeyNotRollable(refused);

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
  });
  if (!rolled) {
    // Changed since it was read: another roll (or a revoke) came first. Say what it finds now.
    const current = await ctx.store.get(ctx.projectId, id);
    throw errors.apiKeyNotRollable((current && whyNotRollable(current, ctx.now)) || "rolled");
  }
  return { api_key: toFirstViewWire(rolled.next, wholeKey), previous: toReadWire(rolled.previous) };
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
