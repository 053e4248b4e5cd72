import { expectTypeOf, test } from "vitest";
import type { ApiKeysHandlerOptions } from "../../src/server/index.js";
import { jwtSessions, type JwtSessionsOptions } from "../../src/server/jwt.js";

test("jwtSessions makes an authenticateUser for the handler", () => {
  const authenticateUser = jwtSessions({ jwksUrl: "https://auth.example.com/.well-known/jwks.json" });
  expectTypeOf(authenticateUser).toEqualTypeOf<(accessToken: string) => Promise<string | null>>();
  expectTypeOf(authenticateUser).toExtend<ApiKeysHandlerOptions["authenticateUser"]>();
});

test("userIdClaim is a claim name, a path or a function of the payload", () => {
  expectTypeOf<{ userIdClaim: "app_metadata.id" }>().toExtend<JwtSessionsOptions>();
  expectTypeOf<{ userIdClaim: (claims: { sub?: string }) => string | null }>().toExtend<JwtSessionsOptions>();
  expectTypeOf<{ userIdClaim: 42 }>().not.toExtend<JwtSessionsOptions>();
});
