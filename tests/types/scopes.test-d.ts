import { expectTypeOf, test } from "vitest";
import type {
  ApiKey,
  ApiKeyCheckFailure,
  ApiKeyScope,
  ApiKeysScope,
  ApiKeysServerClient,
  GrantableScopeList,
  CheckApiKeyOptions,
  CreateApiKeyOptions,
  RollApiKeyOptions,
} from "../../src/client/index.js";
import { KNOWN_ERRORS } from "../../src/client/index.js";
import { apiKeysKeys, useGrantableScopes, useUpdateApiKey } from "../../src/hooks/index.js";
import type { UpdateApiKeyVariables } from "../../src/hooks/index.js";
import type { ApiKeysHandlerOptions, GrantableScopesContext } from "../../src/server/index.js";

test("the client carries scopes on the model, create, roll, update and check", () => {
  expectTypeOf<ApiKey["scopes"]>().toEqualTypeOf<string[] | undefined>();
  expectTypeOf<CreateApiKeyOptions["scopes"]>().toEqualTypeOf<string[] | null | undefined>();
  expectTypeOf<RollApiKeyOptions["scopes"]>().toEqualTypeOf<string[] | null | undefined>();
  expectTypeOf<ApiKey["update"]>().parameter(0).toEqualTypeOf<{ description?: string; scopes?: string[] }>();
  expectTypeOf<ApiKeyScope>().toEqualTypeOf<{ id: string; label: string; description?: string }>();
  expectTypeOf<GrantableScopeList>().toEqualTypeOf<{ items: ApiKeyScope[]; fullAccess: boolean }>();
  expectTypeOf<ApiKeysScope["listGrantableScopes"]>().returns.resolves.toEqualTypeOf<GrantableScopeList>();
  expectTypeOf<CheckApiKeyOptions>().toEqualTypeOf<{ signal?: AbortSignal; scopes?: string[] }>();
  expectTypeOf<ApiKeysServerClient["checkUserApiKey"]>()
    .parameter(1)
    .toEqualTypeOf<CheckApiKeyOptions | undefined>();
  expectTypeOf<"insufficient-scope">().toMatchTypeOf<ApiKeyCheckFailure>();
  expectTypeOf(KNOWN_ERRORS.API_KEY_SCOPE_NOT_ALLOWED).toEqualTypeOf<400>();
  expectTypeOf(KNOWN_ERRORS.API_KEY_INSUFFICIENT_SCOPE).toEqualTypeOf<403>();
});

test("the hooks: a query for grantable scopes, and updates that narrow", () => {
  expectTypeOf<ReturnType<typeof useGrantableScopes>["data"]>().toEqualTypeOf<
    GrantableScopeList | undefined
  >();
  expectTypeOf(apiKeysKeys.scopes({ type: "team", teamId: "t" })).toEqualTypeOf<
    readonly ["react-api-keys", "user" | "team", string, "scopes"]
  >();
  expectTypeOf<UpdateApiKeyVariables>().toEqualTypeOf<
    { key: ApiKey } & { description?: string; scopes?: string[] }
  >();
  expectTypeOf<ReturnType<typeof useUpdateApiKey>["mutate"]>()
    .parameter(0)
    .toEqualTypeOf<UpdateApiKeyVariables>();
});

test("the handler declares scopes and who may grant them", () => {
  expectTypeOf<ApiKeysHandlerOptions["scopes"]>().toEqualTypeOf<
    readonly { id: string; label: string; description?: string }[] | undefined
  >();
  expectTypeOf<GrantableScopesContext>().toEqualTypeOf<{
    caller: { accessType: "client" | "server"; userId: string | null };
    owner: { type: "user" | "team"; id: string };
  }>();
});
