import { ownerQuery } from "./api-key.js";
import type { RequestOptions, Transport } from "./transport.js";
import { isString, items, want } from "./validate.js";
import type { ApiKeyType } from "./wire.js";

/** A scope a key may be limited to, as the server offers it: `id` like `notes:read`, a label to show. */
export interface ApiKeyScope {
  id: string;
  label: string;
  description?: string;
}

/** What this caller may grant to an owner's keys. */
export interface GrantableScopeList {
  items: ApiKeyScope[];
  /** Whether it may make a full-access key (`scopes: null`): only with every scope grantable. */
  fullAccess: boolean;
}

/** GET `/api-key-scopes`: the scopes this caller may grant to the owner's keys (the `scopes` extension). */
export function listGrantableScopes(
  transport: Transport,
  type: ApiKeyType,
  ownerId: string,
  options?: Pick<RequestOptions, "signal">,
): Promise<GrantableScopeList> {
  return transport(
    "GET",
    "/api-key-scopes",
    { query: ownerQuery(type, ownerId), signal: options?.signal },
    (json) => {
      // The reference server's addition: absent (Stack Auth, older servers) reads as allowed, so a form offers
      // Full access as before and create decides.
      const full = (json as { full_access?: unknown } | null)?.full_access ?? true;
      return {
        items: items(json).map((value, index) => {
          const path = `answer.items[${index}]`;
          const { id, label, description } = want<Partial<ApiKeyScope>>(
            value,
            typeof value == "object" && !!value,
            path,
            "an object",
          );
          const scope: ApiKeyScope = {
            id: want(id, isString(id), `${path}.id`, "a string"),
            label: want(label, isString(label), `${path}.label`, "a string"),
          };
          if (description != null)
            scope.description = want(description, isString(description), `${path}.description`, "a string");
          return scope;
        }),
        fullAccess: want(full, typeof full == "boolean", "answer.full_access", "a boolean"),
      };
    },
  );
}
