import { expectTypeOf, test } from "vitest";
import type {
  ApiKeyEvent,
  ApiKeyEventActor,
  ApiKeyEventOwner,
  ApiKeyRevokedWhy,
  ApiKeysHandlerOptions,
} from "../../src/server/index.js";
import { sweepApiKeyEvents } from "../../src/server/index.js";

test("events come from react-api-keys/server, narrowed by type", () => {
  expectTypeOf<ApiKeysHandlerOptions["onKeyEvent"]>().toEqualTypeOf<
    ((event: ApiKeyEvent) => void | Promise<void>) | undefined
  >();
  expectTypeOf(sweepApiKeyEvents).returns.resolves.toEqualTypeOf<ApiKeyEvent[]>();
  expectTypeOf<ApiKeyRevokedWhy>().toEqualTypeOf<"person" | "leak" | "overlap-end">();
  expectTypeOf<ApiKeyEventOwner>().toEqualTypeOf<
    { type: "user"; userId: string } | { type: "team"; teamId: string }
  >();
  expectTypeOf<ApiKeyEventActor>().toEqualTypeOf<
    { type: "user"; userId: string } | { type: "server"; userId: string | null } | { type: "system" }
  >();
  expectTypeOf<Extract<ApiKeyEvent, { type: "revoked" }>["url"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<Extract<ApiKeyEvent, { type: "rolled" }>["newKeyId"]>().toEqualTypeOf<string>();
  // Nothing in any event can hold a key's hash.
  expectTypeOf<ApiKeyEvent>().not.toHaveProperty("hash");
});
