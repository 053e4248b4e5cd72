import { describe, expect, it, vi } from "vitest";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { AuthenticationUnavailableError, StoreUnavailableError } from "../../../src/server/errors.js";
import { StoreUnavailableError as SqlStoreUnavailableError } from "../../../src/server/store-errors.js";
import { sampleHandlerOptions, sampleUsers } from "../../../src/server/sample.js";
import type { ApiKeyStore } from "../../../src/server/store.js";
import { expectKnown, makeApi } from "./api.js";

/** A store whose every method fails with `error`. */
function brokenStore(error: unknown): ApiKeyStore {
  const fail = async () => {
    throw error;
  };
  return {
    insert: fail,
    get: fail,
    list: fail,
    findByHash: fail,
    updateDescription: fail,
    revoke: fail,
    markUsed: fail,
    roll: fail,
    close: async () => {},
  };
}

const calls = [
  ["GET", "/user-api-keys?user_id=x", undefined],
  ["POST", "/user-api-keys", { user_id: "x", description: "d", expires_at_millis: null }],
  ["GET", "/team-api-keys/some-id", undefined],
  ["PATCH", "/user-api-keys/some-id", { revoked: true }],
  ["POST", "/user-api-keys/check", { api_key: "x" }],
] as const;

describe("when the store fails", () => {
  it("answers STORE_UNAVAILABLE (503) for an outage, from either import of the class", async () => {
    for (const error of [new StoreUnavailableError("down"), new SqlStoreUnavailableError("down")]) {
      const onError = vi.fn();
      const api = makeApi(brokenStore(error), { onError });
      for (const [method, path, body] of calls.slice(0, 4)) {
        expectKnown(await api.call(method, path, { body }), 503, "STORE_UNAVAILABLE");
      }
      expect(onError).toHaveBeenCalledWith(error);
    }
    expect(StoreUnavailableError).toBe(SqlStoreUnavailableError);
  });

  it("answers a bare 500 for any other error, without its message", async () => {
    const api = makeApi(brokenStore(new Error("secret connection string")));
    for (const [method, path, body] of calls.slice(0, 4)) {
      const answer = await api.call(method, path, { body });
      expectKnown(answer, 500, "INTERNAL_ERROR");
      expect(answer.text).not.toContain("secret");
    }
  });

  it("keeps 5xx statuses when errors are overridden, as Stack does", async () => {
    const api = makeApi(brokenStore(new StoreUnavailableError()));
    const answer = await api.call("GET", "/user-api-keys?user_id=x", {
      headers: { "x-stack-override-error-status": "true" },
    });
    expect(answer.status).toBe(503);
  });

  it("survives failing callbacks and a failing error logger", async () => {
    const api = makeApi(memoryStore(), {
      authenticateUser: () => Promise.reject(new Error("auth down")),
      canManageTeamKeys: () => {
        throw new Error("permissions down");
      },
      onError: () => {
        throw new Error("logger down");
      },
    });
    expectKnown(await api.call("GET", "/user-api-keys", { as: "alice" }), 500, "INTERNAL_ERROR");
    const team = makeApi(memoryStore(), {
      canManageTeamKeys: () => {
        throw new Error("permissions down");
      },
    });
    expectKnown(await team.call("GET", "/team-api-keys?team_id=t", { as: "carol" }), 500, "INTERNAL_ERROR");
  });

  it("answers AUTHENTICATION_UNAVAILABLE (503) when authenticateUser cannot tell, from either copy of the class", async () => {
    const secondCopy = Object.assign(new Error("sessions down"), { name: "AuthenticationUnavailableError" });
    for (const error of [new AuthenticationUnavailableError("sessions down"), secondCopy]) {
      const onError = vi.fn();
      const api = makeApi(memoryStore(), { authenticateUser: () => Promise.reject(error), onError });
      expectKnown(
        await api.call("GET", "/user-api-keys?user_id=me", { as: "alice" }),
        503,
        "AUTHENTICATION_UNAVAILABLE",
      );
      expect(onError).toHaveBeenCalledWith(error);
    }
  });

  it("treats anything but true from canManageTeamKeys as no", async () => {
    const api = makeApi(memoryStore(), { canManageTeamKeys: () => "yes" as unknown as boolean });
    expectKnown(await api.call("GET", "/team-api-keys?team_id=t", { as: "carol" }), 404, "API_KEY_NOT_FOUND");
  });
});

describe("creating a handler", () => {
  const store = memoryStore();
  it.each([
    [{ projectId: "" }, /projectId/],
    [{ secretServerKey: undefined as unknown as string }, /secretServerKey/],
    [{ keyPrefix: "Bad-Prefix" }, /prefix/],
  ])("refuses the options %j", (overrides, message) => {
    expect(() => createApiKeysHandler(sampleHandlerOptions(store, overrides))).toThrow(message);
  });

  it("reads the clock once per request", async () => {
    let now = Date.UTC(2031, 0, 1);
    const api = makeApi(store, { now: () => now++ });
    const key = await api.create("user", sampleUsers.alice.id, {
      expires_at_millis: Date.UTC(2031, 0, 1) + 1,
    });
    expect(key.created_at_millis).toBe(Date.UTC(2031, 0, 1));
  });
});
