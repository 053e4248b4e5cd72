import type { ApiKeyType } from "../client/wire.js";

export type Route =
  | { type: ApiKeyType; kind: "collection" }
  | { type: ApiKeyType; kind: "check" }
  | { type: ApiKeyType; kind: "usage" }
  | { type: ApiKeyType; kind: "item"; id: string }
  | { type: ApiKeyType; kind: "roll"; id: string }
  // scopes: the owner's type comes from the query.
  | { type?: undefined; kind: "scopes" };

export const ALLOWED_METHODS: Record<Route["kind"], string[]> = {
  collection: ["GET", "POST"],
  check: ["POST"],
  usage: ["GET"],
  item: ["GET", "PATCH"],
  roll: ["POST"],
  scopes: ["GET"],
};

const COLLECTIONS: Record<string, ApiKeyType> = { "user-api-keys": "user", "team-api-keys": "team" };

/** Matches `{basePath}/{user,team}-api-keys[/check | /usage | /{id}[/roll]]`, with or without one trailing slash. */
export function matchRoute(pathname: string, basePath: string): Route | null {
  if (!pathname.startsWith(basePath + "/")) return null;
  const rest = pathname.slice(basePath.length + 1).replace(/\/$/, "");
  if (rest === "api-key-scopes") return { kind: "scopes" };
  const [collection = "", second, ...more] = rest.split("/");
  const type = Object.hasOwn(COLLECTIONS, collection) ? COLLECTIONS[collection] : undefined;
  const action = more.length === 0 ? "item" : more.length === 1 && more[0] === "roll" ? "roll" : null;
  if (!type || !action) return null;
  if (second === undefined) return { type, kind: "collection" };
  if (second === "check" && action === "item") return { type, kind: "check" };
  if (second === "usage" && action === "item") return { type, kind: "usage" };
  let id: string;
  try {
    id = decodeURIComponent(second);
  } catch {
    return null;
  }
  return id === "" ? null : { type, kind: action, id };
}

export function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, "");
  return trimmed.startsWith("/") || trimmed === "" ? trimmed : "/" + trimmed;
}

/**
 * Next.js's Edge runtime also hands a route handler its catch-all segment in the query, one value per segment
 * (`app/api/v1/[...path]` sees `/api/v1/user-api-keys?user_id=me&path=user-api-keys`), which the contract's
 * unknown-property check would refuse. Such a parameter is dropped only when its values are exactly the path's
 * last segments, in order, and take in all of the path below the base path: whatever the segment's name, a
 * parameter that a client chose would have to spell out the route itself to be dropped.
 */
export function withoutCatchAllParams(
  params: URLSearchParams,
  pathname: string,
  basePath: string,
): URLSearchParams {
  const names = new Set(params.keys());
  if (names.size === 0) return params;
  const segments = pathname.split("/").filter(Boolean).map(decodeSegment);
  const below = pathname.slice(basePath.length).split("/").filter(Boolean).length;
  let kept: URLSearchParams | null = null;
  for (const name of names) {
    const values = params.getAll(name);
    if (values.length < below || values.length > segments.length) continue;
    const tail = segments.slice(segments.length - values.length);
    if (!values.every((value, i) => value === tail[i])) continue;
    kept ??= new URLSearchParams(params);
    kept.delete(name);
  }
  return kept ?? params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
