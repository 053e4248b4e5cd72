import { ApiKeysError } from "./errors.js";
import type { RequestOptions, Transport } from "./transport.js";
import type { ApiKeyScopeWire, ApiKeyType } from "./wire.js";

/** A scope a key may be limited to, as the server offers it: `id` like `notes:read`, a label to show. */
export interface ApiKeyScope {
  id: string;
  label: string;
  description?: string;
}

function invalid(path: string, expected: string): never {
  throw new ApiKeysError({
    code: "INVALID_RESPONSE",
    status: 200,
    message: `The server's answer does not fit the API-keys contract: ${path} should be ${expected}.`,
    details: { path, expected },
  });
}

function parseScope(value: unknown, path: string): ApiKeyScope {
  if (typeof value !== "object" || value === null) invalid(path, "an object");
  const { id, label, description } = value as Partial<ApiKeyScopeWire>;
  if (typeof id !== "string") invalid(`${path}.id`, "a string");
  if (typeof label !== "string") invalid(`${path}.label`, "a string");
  if (description !== undefined && description !== null && typeof description !== "string") {
    invalid(`${path}.description`, "a string");
  }
  return typeof description === "string" ? { id, label, description } : { id, label };
}

/** GET `/api-key-scopes`: the scopes this caller may grant to the owner's keys (the `scopes` extension). */
export function listGrantableScopes(
  transport: Transport,
  type: ApiKeyType,
  ownerId: string,
  options?: Pick<RequestOptions, "signal">,
): Promise<ApiKeyScope[]> {
  const query: Record<string, string> = type === "user" ? { user_id: ownerId } : { team_id: ownerId };
  return transport("GET", "/api-key-scopes", { query, signal: options?.signal }, (json) => {
    const items = (json as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) invalid("answer.items", "an array");
    return items.map((item, index) => parseScope(item, `answer.items[${index}]`));
  });
}
