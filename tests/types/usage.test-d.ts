import { expectTypeOf, test } from "vitest";
import type { UseQueryResult } from "@tanstack/react-query";
import type {
  ApiKeyOwner,
  ApiKeysError,
  ApiKeysScope,
  ApiKeyUsage,
  ApiKeyUsageDay,
  UsageOutcome,
} from "../../src/client/index.js";
import { apiKeysKeys, apiKeyUsageQueryOptions, useApiKeyUsage } from "../../src/hooks/index.js";
import type { UseApiKeyUsageOptions } from "../../src/hooks/index.js";
import type * as Root from "../../src/index.js";
import type { ApiKeysHandlerOptions, StoredUsageDay } from "../../src/server/index.js";
import { flushApiKeyUsage } from "../../src/server/index.js";

test("the client reads usage as typed days, camelCase", () => {
  expectTypeOf<ApiKeysScope["getUsage"]>().returns.resolves.toEqualTypeOf<ApiKeyUsage[]>();
  expectTypeOf<ApiKeysScope["getUsage"]>().parameters.toEqualTypeOf<
    [options?: { days?: number }, call?: { signal?: AbortSignal }]
  >();
  expectTypeOf<ApiKeyUsage>().toEqualTypeOf<{ id: string; days: ApiKeyUsageDay[] }>();
  expectTypeOf<ApiKeyUsageDay>().toEqualTypeOf<{
    date: string;
    ok: number;
    revoked: number;
    expired: number;
    insufficientScope: number;
    rateLimited: number;
  }>();
  expectTypeOf<UsageOutcome>().toEqualTypeOf<
    "ok" | "revoked" | "expired" | "insufficient_scope" | "rate_limited"
  >();
});

test("the hook answers TanStack's result, keyed by owner and days", () => {
  expectTypeOf(useApiKeyUsage).returns.toEqualTypeOf<UseQueryResult<ApiKeyUsage[], ApiKeysError>>();
  expectTypeOf(useApiKeyUsage).parameter(0).toEqualTypeOf<ApiKeyOwner | undefined>();
  expectTypeOf<UseApiKeyUsageOptions["days"]>().toEqualTypeOf<number | undefined>();
  expectTypeOf<UseApiKeyUsageOptions["enabled"]>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf(apiKeysKeys.usage).returns.toEqualTypeOf<
    readonly ["react-api-keys", "user" | "team", string, "usage", number]
  >();
  expectTypeOf(apiKeyUsageQueryOptions).returns.toHaveProperty("queryKey");
  expectTypeOf<typeof Root.useApiKeyUsage>().toEqualTypeOf<typeof useApiKeyUsage>();
  expectTypeOf<Root.ApiKeyUsage>().toEqualTypeOf<ApiKeyUsage>();
});

test("the server takes usage options and flushes by handler", () => {
  expectTypeOf<ApiKeysHandlerOptions["usage"]>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf<ApiKeysHandlerOptions["usageRetentionDays"]>().toEqualTypeOf<number | undefined>();
  expectTypeOf(flushApiKeyUsage).returns.toEqualTypeOf<Promise<void>>();
  expectTypeOf<StoredUsageDay["counts"]>().toEqualTypeOf<[number, number, number, number, number]>();
});
