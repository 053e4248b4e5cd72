import type { ApiKeyType } from "../client/wire.js";

export type Route =
  | { type: ApiKeyType; kind: "collection" }
  | { type: ApiKeyType; kind: "check" }
  | { type: ApiKeyType; kind: "usage" }
  | { type: ApiKeyType; kind: "item"; id: string }
  | { type: ApiKeyType; kind: "roll"; id: string };

export const ALLOWED_METHODS: Record<Route["kind"], string[]> = {
  collection: ["GET", "POST"],
  check: ["POST"],
  usage: ["GET"],
  item: ["GET", "PATCH"],
  roll: ["POST"],
};

const COLLECTIONS: Record<string, ApiKeyType> = { "user-api-keys": "user", "team-api-keys": "team" };

/** Matches `{basePath}/{user,team}-api-keys[/check | /usage | /{id}[/roll]]`, with or without one trailing slash. */
export function matchRoute(pathname: string, basePath: string): Route | null {
  if (!pathname.startsWith(basePath + "/")) return null;
  const rest = pathname.slice(basePath.length + 1).replace(/\/$/, "");
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
