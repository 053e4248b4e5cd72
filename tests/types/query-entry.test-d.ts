import { expectTypeOf, test } from "vitest";
import type { ApiKeyListData, ApiKeysProviderProps } from "../../src/hooks/index.js";
import * as main from "../../src/index.js";
import * as query from "../../src/query.js";

test("react-api-keys/query exports the same builders as the main entry", () => {
  expectTypeOf(query.apiKeysQueryOptions).toEqualTypeOf(main.apiKeysQueryOptions);
  expectTypeOf(query.apiKeysKeys).toEqualTypeOf(main.apiKeysKeys);
  expectTypeOf(query.userOwner).toEqualTypeOf(main.userOwner);
  expectTypeOf(query.teamOwner).toEqualTypeOf(main.teamOwner);
  expectTypeOf(query.apiKeysQueryOptions).parameter(2).toEqualTypeOf<{ me?: string } | undefined>();
  expectTypeOf<
    Awaited<ReturnType<NonNullable<ReturnType<typeof query.apiKeysQueryOptions>["queryFn"]>>>
  >().toEqualTypeOf<ApiKeyListData>();
});

test("ApiKeysProvider takes a client or plain values, not half of each", () => {
  expectTypeOf<{ client: main.AnyApiKeysClient }>().toMatchTypeOf<ApiKeysProviderProps>();
  expectTypeOf<{
    projectId: string;
    publishableClientKey: string;
    accessToken: string;
  }>().toMatchTypeOf<ApiKeysProviderProps>();
  expectTypeOf<{ projectId: string }>().not.toMatchTypeOf<ApiKeysProviderProps>();
});
