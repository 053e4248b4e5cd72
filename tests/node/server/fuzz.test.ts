// Throws a few thousand malformed requests at the handler and asserts it never answers 5xx nor leaves a
// rejection unhandled. The PRNG is seeded, so a failure names the case that reproduces it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../../src/server/key-format.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { sampleTeams, sampleUsers } from "../../../src/server/sample.js";
import { makeApi } from "./api.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20301);
const CASES = 3000;

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fuzzing the handler", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on("unhandledRejection", onUnhandled);
  });
  afterAll(() => {
    process.off("unhandledRejection", onUnhandled);
  });

  it(`answers ${CASES} malformed requests (seed ${SEED}) without a 5xx`, { timeout: 120_000 }, async () => {
    const random = mulberry32(SEED);
    const int = (n: number) => Math.floor(random() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
    const chance = (p: number) => random() < p;

    const store = memoryStore();
    const api = makeApi(store);
    const seeded = [
      await api.create("user", sampleUsers.alice.id),
      await api.create("team", sampleTeams.acme),
    ];
    const realKeys = seeded.map((key) => key.value);
    const realIds = seeded.map((key) => key.id);

    const junkString = (): string => {
      const length = pick([0, 1, 2, 5, 40, 101, 300]);
      const alphabets = ["abcXYZ019_-", '\u0000\u001f"\\/{}[]:,', "éü漢字🙂\u202e", "%25%ZZ%00?#&=+ "];
      const alphabet = Array.from(pick(alphabets));
      return Array.from({ length }, () => pick(alphabet)).join("");
    };
    const mutateKey = (key: string): string => {
      const at = int(key.length);
      switch (int(5)) {
        case 0:
          return key.slice(0, at) + pick(["a", "Z", "0", "_"]) + key.slice(at + 1);
        case 1:
          return key.slice(0, at);
        case 2:
          return key + junkString();
        case 3:
          return key.replace("_sk_", "_pk_");
        default:
          return key.toLowerCase();
      }
    };
    const keyString = () =>
      pick([
        () => mutateKey(pick(realKeys)),
        () => pick(realKeys),
        () => generateApiKey({ isPublic: chance(0.5) }),
        junkString,
      ])();
    const junkValue = (depth = 0): unknown =>
      pick([
        () => null,
        () => chance(0.5),
        () => pick([0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, Date.UTC(2040, 0, 1)]),
        junkString,
        keyString,
        () => (depth > 2 ? [] : Array.from({ length: int(3) }, () => junkValue(depth + 1))),
        () => (depth > 2 ? {} : junkObject(depth + 1)),
      ])();
    const fields = [
      "description",
      "expires_at_millis",
      "is_public",
      "user_id",
      "team_id",
      "revoked",
      "api_key",
      "__proto__",
      "constructor",
      "",
    ];
    const junkObject = (depth = 0): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (let i = int(5); i > 0; i--) {
        Object.defineProperty(out, pick(fields), {
          value: junkValue(depth),
          enumerable: true,
          writable: true,
        });
      }
      return out;
    };
    const body = (): string | Uint8Array | undefined =>
      pick([
        () => undefined,
        () => JSON.stringify(junkObject()),
        () => JSON.stringify(junkValue()),
        () => JSON.stringify(junkObject()).slice(0, int(30)),
        () => new Uint8Array(Array.from({ length: int(50) }, () => int(256))),
        () =>
          JSON.stringify({ description: "x".repeat(pick([99, 100, 101, 70_000])), expires_at_millis: null }),
        () => JSON.stringify({ api_key: keyString() }),
        () =>
          JSON.stringify({
            user_id: pick(["me", sampleUsers.bob.id, junkString()]),
            description: junkString(),
            expires_at_millis: pick([null, Date.UTC(2040, 0, 1), 1, "soon"]),
          }),
      ])();
    const path = (): string =>
      pick([
        () => `/api/v1/${pick(["user", "team"])}-api-keys`,
        () => `/api/v1/${pick(["user", "team"])}-api-keys/check`,
        () => `/api/v1/${pick(["user", "team"])}-api-keys/${encodeURIComponent(junkString())}`,
        () => `/api/v1/${pick(["user", "team"])}-api-keys/${junkString().replace(/[?#]/g, "")}`,
        () =>
          `/api/v1/${pick(["user", "team"])}-api-keys?${pick(["user_id", "team_id", "x"])}=${junkString()}`,
        () => (chance(0.3) ? `/api/v1/${junkString()}` : `/api/v1/user-api-keys/${pick(realIds)}`),
        () => (chance(0.3) ? `/${junkString()}` : `/api/v1/team-api-keys/${pick(realIds)}`),
      ])();
    const headerValue = () =>
      pick([
        () => "client",
        () => "server",
        () => api.projectId,
        () => api.options.publishableClientKey,
        () => api.options.secretServerKey,
        () => pick(Object.values(sampleUsers)).accessToken,
        () => "true",
        () => junkString().replace(/[^\x20-\x7e]/g, ""),
      ])();
    const headers = () => {
      // Most cases sign in properly so that they reach the endpoints; the rest poke at authentication.
      const out: Record<string, string> = chance(0.7)
        ? api.headersFor(pick(["alice", "bob", "carol", "server", "server", "anonymous"] as const))
        : {};
      for (const suffix of [
        "project-id",
        "access-type",
        "publishable-client-key",
        "secret-server-key",
        "access-token",
        "override-error-status",
      ]) {
        if (chance(0.15))
          out[pick(["x-stack-", "x-hexclave-", "X-Stack-", "X-HEXCLAVE-"]) + suffix] = headerValue();
      }
      if (chance(0.8))
        out["content-type"] = pick(["application/json", "text/plain", "", "application/json; x=y"]);
      return out;
    };

    const outcomes = new Map<string, number>();
    for (let n = 0; n < CASES; n++) {
      const method = chance(0.9)
        ? pick(["GET", "POST", "PATCH"])
        : pick(["DELETE", "PUT", "OPTIONS", "HEAD"]);
      const casePath = path();
      let request: Request;
      try {
        const payload = method === "GET" || method === "HEAD" ? undefined : body();
        request = new Request(`http://localhost${casePath}`, {
          method,
          headers: headers(),
          ...(payload === undefined ? {} : { body: payload as BodyInit }),
        });
      } catch {
        continue; // Not a request fetch would let anyone send.
      }
      const response = await api.handler(request);
      await response.arrayBuffer();
      const outcome = response.headers.get("x-stack-known-error") ?? String(response.status);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      expect(response.status, `case ${n} (seed ${SEED}): ${method} ${casePath}`).toBeLessThan(500);
      if (response.status >= 400 && response.headers.get("content-type")?.startsWith("application/json")) {
        expect(response.headers.get("x-stack-known-error"), `case ${n}`).toBeTruthy();
      }
    }
    // The mix reached past the front door: successes and many different refusals.
    expect(outcomes.get("200") ?? 0).toBeGreaterThan(50);
    expect(outcomes.size).toBeGreaterThan(15);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unhandled).toEqual([]);
  });
});
