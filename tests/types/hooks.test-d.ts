import { expectTypeOf, test } from "vitest";
import type {
  ApiKey,
  ApiKeyFirstView,
  ApiKeyReadWire,
  ApiKeysError,
  CreateApiKeyOptions,
} from "../../src/client/index.js";
import {
  apiKeysKeys,
  apiKeysQueryOptions,
  type ApiKeyListData,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  useTeamApiKeys,
  useUpdateApiKey,
  userOwner,
} from "../../src/hooks/index.js";

test("list hooks answer TanStack's query result over ApiKey models, with typed errors", () => {
  expectTypeOf(useApiKeys).returns.toHaveProperty("data").toEqualTypeOf<ApiKey[] | undefined>();
  expectTypeOf(useApiKeys).returns.toHaveProperty("error").toEqualTypeOf<ApiKeysError | null>();
  expectTypeOf(useTeamApiKeys).parameter(0).toEqualTypeOf<string>();
  expectTypeOf(useTeamApiKeys).returns.toHaveProperty("refetch").toBeFunction();
});

test("mutations take the contract's inputs and answer models", () => {
  type Create = ReturnType<typeof useCreateApiKey>;
  expectTypeOf<Create["data"]>().toEqualTypeOf<ApiKeyFirstView | undefined>();
  expectTypeOf<Create["mutate"]>().parameter(0).toEqualTypeOf<CreateApiKeyOptions>();
  expectTypeOf<ApiKeyFirstView["value"]>().toEqualTypeOf<string>();
  expectTypeOf<ApiKey["value"]>().toEqualTypeOf<{ lastFour: string }>();
  expectTypeOf<ReturnType<typeof useRevokeApiKey>["mutate"]>().parameter(0).toEqualTypeOf<ApiKey>();
  expectTypeOf<ReturnType<typeof useUpdateApiKey>["mutateAsync"]>().returns.resolves.toEqualTypeOf<ApiKey>();
});

test("query options carry the wire form, so they can be dehydrated as JSON", () => {
  type Options = ReturnType<typeof apiKeysQueryOptions>;
  type Data = Options extends { queryFn?: infer F }
    ? F extends (...args: never[]) => infer R
      ? Awaited<R>
      : never
    : never;
  expectTypeOf<Data>().toEqualTypeOf<ApiKeyListData>();
  expectTypeOf<Data["items"]>().toEqualTypeOf<ApiKeyReadWire[]>();
  expectTypeOf(apiKeysKeys.list(userOwner())).toEqualTypeOf<
    readonly ["react-api-keys", "user" | "team", string, "list"]
  >();
});
