import { describe, expect, it, vi } from "vitest";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import { makeApi } from "./api.js";

const APP = "https://app.example.com";
const OTHER = "https://evil.example.net";
const REQUEST_HEADERS =
  "content-type, x-stack-project-id, x-stack-access-type, x-stack-publishable-client-key, " +
  "x-stack-access-token, x-stack-override-error-status, x-hexclave-project-id, x-hexclave-access-type, " +
  "x-hexclave-publishable-client-key, x-hexclave-access-token, x-hexclave-override-error-status";
const EXPOSED =
  "x-stack-known-error, x-stack-actual-status, x-hexclave-known-error, x-hexclave-actual-status, retry-after";

function preflight(origin: string, method = "POST", requestHeaders = "content-type, x-stack-project-id") {
  return {
    "access-control-request-method": method,
    "access-control-request-headers": requestHeaders,
    origin,
  };
}

/** The CORS headers of an answer, and Vary. */
function corsHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => /^access-control-|^vary$/.test(name)));
}

describe("without a cors option", () => {
  const api = makeApi(memoryStore());

  it("answers a page from another origin without any CORS header, so the browser refuses it", async () => {
    const answer = await api.call("GET", "/user-api-keys?user_id=me", {
      as: "alice",
      headers: { origin: APP },
    });
    expect(answer.status).toBe(200);
    expect(corsHeaders(answer.headers)).toEqual({});
  });

  it("refuses a preflight with 405 and a sentence that says why, not a 500", async () => {
    const answer = await api.call("OPTIONS", "/user-api-keys", { as: "anonymous", headers: preflight(APP) });
    expect(answer.status).toBe(405);
    expect(answer.json.code).toBe("METHOD_NOT_ALLOWED");
    expect(answer.json.error).toMatch(/cross-origin.*cors/i);
    expect(corsHeaders(answer.headers)).toEqual({});
  });
});

describe("given cors allows one origin", () => {
  const onError = vi.fn();
  const api = makeApi(memoryStore(), { cors: { origins: [APP] }, onError });

  describe("a preflight from that origin", () => {
    it.each([
      ["/user-api-keys", "GET, POST"],
      ["/team-api-keys", "GET, POST"],
      ["/user-api-keys/some-id", "GET, PATCH"],
      ["/team-api-keys/some-id", "GET, PATCH"],
      ["/user-api-keys/check", "POST"],
    ])(
      "on %s answers 204 with exactly the route's methods (%s) and the contract's headers",
      async (path, methods) => {
        const answer = await api.call("OPTIONS", path, { as: "anonymous", headers: preflight(APP) });
        expect(answer.status).toBe(204);
        expect(answer.text).toBe("");
        expect(corsHeaders(answer.headers)).toEqual({
          "access-control-allow-origin": APP,
          "access-control-allow-methods": methods,
          "access-control-allow-headers": REQUEST_HEADERS,
          "access-control-max-age": "600",
          vary: "Origin",
        });
      },
    );

    it("never allows the secret server key, which a browser must not hold", async () => {
      const answer = await api.call("OPTIONS", "/user-api-keys", {
        as: "anonymous",
        headers: preflight(APP),
      });
      expect(answer.headers.get("access-control-allow-headers")).not.toMatch(/secret/);
    });

    it("on an unknown route answers 404", async () => {
      const answer = await api.call("OPTIONS", "/nothing-here", { as: "anonymous", headers: preflight(APP) });
      expect(answer.status).toBe(404);
    });
  });

  it("refuses a preflight from another origin with 403 and no allow header", async () => {
    const answer = await api.call("OPTIONS", "/user-api-keys", {
      as: "anonymous",
      headers: preflight(OTHER),
    });
    expect(answer.status).toBe(403);
    expect(answer.json.code).toBe("ORIGIN_NOT_ALLOWED");
    expect(corsHeaders(answer.headers)).toEqual({ vary: "Origin" });
  });

  it("answers a plain OPTIONS (no preflight) 405 as before", async () => {
    const answer = await api.call("OPTIONS", "/user-api-keys", { as: "anonymous", headers: { origin: APP } });
    expect(answer.status).toBe(405);
  });

  it("lets that origin read answers and the headers the client reads", async () => {
    const answer = await api.call("GET", "/user-api-keys?user_id=me", {
      as: "alice",
      headers: { origin: APP },
    });
    expect(answer.status).toBe(200);
    expect(corsHeaders(answer.headers)).toEqual({
      "access-control-allow-origin": APP,
      "access-control-expose-headers": EXPOSED,
      vary: "Origin",
    });
  });

  it("lets it read errors too, also as Stack's SDK asks for them (200 with the real status)", async () => {
    const refused = await api.call("GET", "/user-api-keys?user_id=me", {
      as: "alice",
      headers: { origin: APP, "x-stack-access-token": "not-a-token" },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(APP);
    expect(refused.headers.get("access-control-expose-headers")).toBe(EXPOSED);

    const overridden = await api.call("GET", "/user-api-keys?user_id=me", {
      as: "alice",
      headers: {
        origin: APP,
        "x-stack-access-token": "not-a-token",
        "x-stack-override-error-status": "true",
      },
    });
    expect(overridden.status).toBe(200);
    expect(overridden.headers.get("x-stack-actual-status")).toBe("401");
    expect(overridden.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("gives another origin no allow header, but says the answer varies with the origin", async () => {
    for (const origin of [OTHER, null]) {
      const answer = await api.call("GET", "/user-api-keys?user_id=me", {
        as: "alice",
        headers: origin ? { origin } : {},
      });
      expect(answer.status).toBe(200);
      expect(corsHeaders(answer.headers)).toEqual({ vary: "Origin" });
    }
  });

  it("compares origins exactly (scheme, host and port)", async () => {
    for (const origin of [
      "http://app.example.com",
      "https://app.example.com:8443",
      "https://x.app.example.com",
    ]) {
      const answer = await api.call("OPTIONS", "/user-api-keys", {
        as: "anonymous",
        headers: preflight(origin),
      });
      expect(answer.status).toBe(403);
    }
    expect(onError).not.toHaveBeenCalled();
  });
});

describe("given cors decides with a function", () => {
  it("asks it for each origin, and waits for a promise", async () => {
    const origins = vi.fn(async (origin: string) => origin.endsWith(".example.com"));
    const api = makeApi(memoryStore(), { cors: { origins, maxAgeSeconds: 60 } });
    const allowed = await api.call("OPTIONS", "/team-api-keys", {
      as: "anonymous",
      headers: preflight(APP, "GET"),
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(APP);
    expect(allowed.headers.get("access-control-max-age")).toBe("60");
    const refused = await api.call("OPTIONS", "/team-api-keys", {
      as: "anonymous",
      headers: preflight(OTHER),
    });
    expect(refused.status).toBe(403);
    expect(origins.mock.calls.map(([origin]) => origin)).toEqual([APP, OTHER]);
  });

  it("refuses an origin when the function throws, and tells onError", async () => {
    const onError = vi.fn();
    const failure = new Error("origin lookup failed");
    const api = makeApi(memoryStore(), {
      onError,
      cors: {
        origins: () => {
          throw failure;
        },
      },
    });
    const answer = await api.call("OPTIONS", "/user-api-keys", { as: "anonymous", headers: preflight(APP) });
    expect(answer.status).toBe(403);
    expect(onError).toHaveBeenCalledWith(failure);
  });
});

describe("a cors origin that is not an origin", () => {
  it.each(["*", "app.example.com", "https://app.example.com/path", "https://app.example.com/?x", "null"])(
    "(%s) is refused when the handler is made, with the form to use",
    (origin) => {
      expect(() =>
        createApiKeysHandler(sampleHandlerOptions(memoryStore(), { cors: { origins: [origin] } })),
      ).toThrow(/is not an origin; write it as a browser sends it/);
    },
  );

  it("may end with a slash", async () => {
    const api = makeApi(memoryStore(), { cors: { origins: [APP + "/"] } });
    const answer = await api.call("OPTIONS", "/user-api-keys", { as: "anonymous", headers: preflight(APP) });
    expect(answer.status).toBe(204);
  });
});
