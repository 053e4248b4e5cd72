import { expectTypeOf, test } from "vitest";
import type { ApiKey, ApiKeyInvalidReason } from "../../src/client/index.js";
import {
  hasValidChecksum,
  secretScanningPatterns,
  type ApiKeysHandlerOptions,
  type SecretScanningAnswer,
  type SecretScanningOptions,
} from "../../src/server/index.js";

test("the model carries a leak's reason, time and place, and whyInvalid keeps Stack's reasons", () => {
  expectTypeOf<ApiKey["revokedReason"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<ApiKey["leakedAt"]>().toEqualTypeOf<Date | undefined>();
  expectTypeOf<ApiKey["leakUrl"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<ApiKeyInvalidReason>().toEqualTypeOf<"manually-revoked" | "expired">();
});

test("the handler takes secretScanning options, and the patterns are typed", () => {
  expectTypeOf<ApiKeysHandlerOptions["secretScanning"]>().toEqualTypeOf<SecretScanningOptions | undefined>();
  expectTypeOf<SecretScanningOptions["action"]>().toEqualTypeOf<"revoke" | "flag" | undefined>();
  expectTypeOf(secretScanningPatterns).returns.items.toHaveProperty("pattern").toEqualTypeOf<RegExp>();
  expectTypeOf(hasValidChecksum).returns.toEqualTypeOf<boolean>();
  expectTypeOf<SecretScanningAnswer["label"]>().toEqualTypeOf<"true_positive" | "false_positive">();
});
