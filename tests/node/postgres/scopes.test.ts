import { describe, expect, it } from "vitest";
import type { ApiKeyFirstViewWire, ApiKeyReadWire } from "../../../src/client/wire.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import { describePostgres, instancesOnOneDatabase } from "../../support/postgres.js";
import { serverRequest } from "../../support/server-calls.js";

const AREAS = ["a", "b", "c", "d", "e", "f"];
const ALL = AREAS.map((area) => `${area}:use`);
const SCOPES = ALL.map((id) => ({ id, label: id }));

describePostgres("scopes with four handler instances sharing one PostgreSQL database", () => {
  const { handlers } = instancesOnOneDatabase(4, (store) =>
    sampleHandlerOptions(store, { scopes: SCOPES, onError: () => {} }),
  );

  const call = async (i: number, method: string, path: string, body: unknown) => {
    const response = await handlers[i % 4]!(serverRequest(method, path, body));
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const create = async (scopes: string[] | null) =>
    (
      await call(0, "POST", "/user-api-keys", {
        description: "race",
        expires_at_millis: null,
        user_id: "user-race",
        scopes,
      })
    ).json as unknown as ApiKeyFirstViewWire;
  const read = async (id: string) =>
    (await call(1, "GET", `/user-api-keys/${id}`, undefined)).json as unknown as ApiKeyReadWire;
  // A different random subset per request, so concurrent narrowings conflict.
  const subsets = (n: number, from: string[]) =>
    Array.from({ length: n }, () => from.filter(() => Math.random() < 0.6));
  const within = (inner: readonly string[], outer: readonly string[]) =>
    inner.every((id) => outer.includes(id));

  describe("when 20 different narrowings of one key arrive at once through all four", () => {
    it("leaves it within every narrowing that succeeded, never wider than any, every round", async () => {
      for (let round = 0; round < 5; round++) {
        const start = round % 2 === 0 ? ALL : null;
        const key = await create(start);
        const wanted = subsets(20, ALL);
        const answers = await Promise.all(
          wanted.map((scopes, i) => call(i, "PATCH", `/user-api-keys/${key.id}`, { scopes })),
        );
        const won = wanted.filter((_, i) => answers[i]!.status === 200);
        expect(won.length).toBeGreaterThan(0);
        for (const [i, answer] of answers.entries()) {
          if (answer.status === 200) expect(answer.json.scopes).toEqual(wanted[i]);
          else expect(answer.json.code, JSON.stringify(answer.json)).toBe("API_KEY_SCOPE_NOT_ALLOWED");
        }
        const final = (await read(key.id)).scopes!;
        expect(won).toContainEqual(final);
        for (const scopes of won) expect(within(final, scopes)).toBe(true);
        // The successes form a chain, each within the one before: no request was applied over a narrower one.
        const chain = [...won].sort((x, y) => y.length - x.length);
        for (let i = 1; i < chain.length; i++) expect(within(chain[i]!, chain[i - 1]!)).toBe(true);
      }
    });
  });

  describe("when a roll and narrowings of one key race", () => {
    it("gives the new key scopes within the old key's at the moment of the roll", async () => {
      for (let round = 0; round < 5; round++) {
        const key = await create(ALL);
        const narrowings = subsets(8, ALL).map((scopes, i) =>
          call(i, "PATCH", `/user-api-keys/${key.id}`, { scopes }),
        );
        const rolled = call(3, "POST", `/user-api-keys/${key.id}/roll`, {
          expires_at_millis: null,
          overlap_millis: 1000,
          scopes: ["a:use", "b:use"],
        });
        const [roll] = await Promise.all([rolled, ...narrowings]);
        const old = await read(key.id);
        if (roll!.status === 200) {
          expect((roll!.json.api_key as ApiKeyReadWire).scopes).toEqual(["a:use", "b:use"]);
          // `previous` comes from the roll's own statement: the old key held a and b at that moment, and
          // narrowings since have only narrowed it further.
          const then = (roll!.json.previous as ApiKeyReadWire).scopes!;
          expect(within(["a:use", "b:use"], then)).toBe(true);
          expect(within(old.scopes!, then)).toBe(true);
        } else {
          expect(roll!.json.code).toBe("API_KEY_SCOPE_NOT_ALLOWED");
          expect(old.rolled_to_id).toBeUndefined();
          // Refused only because a narrowing that dropped a or b landed first.
          expect(within(["a:use", "b:use"], old.scopes!)).toBe(false);
        }
      }
    });
  });
});
