import { expectTypeOf, test } from "vitest";
import type {
  ApiKey,
  ApiKeyExtension,
  ApiKeyFirstView,
  ApiKeyList,
  ApiKeysError,
  ApiKeysScope,
  RollApiKeyOptions,
  RolledApiKey,
} from "../../src/client/index.js";
import { useApiKeyExtensions, useRollApiKey } from "../../src/hooks/index.js";
import type { RollApiKeyVariables } from "../../src/hooks/index.js";
import type * as Root from "../../src/index.js";

test("the client rolls a key into a first view and the previous key", () => {
  expectTypeOf<RollApiKeyOptions>().toEqualTypeOf<{ expiresAt: Date | null; overlap: number }>();
  expectTypeOf<RolledApiKey>().toEqualTypeOf<{ apiKey: ApiKeyFirstView; previous: ApiKey }>();
  expectTypeOf<ApiKey["roll"]>().returns.resolves.toEqualTypeOf<RolledApiKey>();
  expectTypeOf<ApiKeysScope["rollApiKey"]>().parameters.toEqualTypeOf<
    [id: string, options: RollApiKeyOptions, call?: { signal?: AbortSignal }]
  >();
  expectTypeOf<ApiKey["rolledFromId"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<ApiKey["rolledToId"]>().toEqualTypeOf<string | undefined>();
});

test("a list is still an array of keys, with the server's extensions", () => {
  expectTypeOf<ApiKeysScope["listApiKeys"]>().returns.resolves.toEqualTypeOf<ApiKeyList>();
  expectTypeOf<ApiKeyList>().toMatchTypeOf<ApiKey[]>();
  expectTypeOf<ApiKeyList["extensions"]>().toEqualTypeOf<readonly ApiKeyExtension[]>();
  expectTypeOf<"roll">().toMatchTypeOf<ApiKeyExtension>();
  expectTypeOf<"a-newer-one">().toMatchTypeOf<ApiKeyExtension>();
});

test("the hooks answer TanStack's results", () => {
  type Roll = ReturnType<typeof useRollApiKey>;
  expectTypeOf<Roll["mutate"]>().parameter(0).toEqualTypeOf<RollApiKeyVariables>();
  expectTypeOf<RollApiKeyVariables>().toEqualTypeOf<{
    id: string;
    expiresAt: Date | null;
    overlap: number;
  }>();
  expectTypeOf<Roll["data"]>().toEqualTypeOf<RolledApiKey | undefined>();
  expectTypeOf<Roll["error"]>().toEqualTypeOf<ApiKeysError | null>();
  expectTypeOf(useApiKeyExtensions)
    .returns.toHaveProperty("data")
    .toEqualTypeOf<readonly ApiKeyExtension[] | undefined>();
});

test("the root entry re-exports the types", () => {
  expectTypeOf<Root.RolledApiKey>().toEqualTypeOf<RolledApiKey>();
  expectTypeOf<Root.ApiKeyList>().toEqualTypeOf<ApiKeyList>();
  expectTypeOf<Root.ApiKeyExtension>().toEqualTypeOf<ApiKeyExtension>();
  expectTypeOf<typeof Root.useRollApiKey>().toEqualTypeOf<typeof useRollApiKey>();
});
