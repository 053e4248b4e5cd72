import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeysHandler, type ApiKeysHandler } from "../../../src/server/handler.js";
import { postgresStore } from "../../../src/server/postgres-store.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import type { SqlApiKeyStore } from "../../../src/server/sql-store.js";
import { describePostgres, freshSchema, postgres } from "../../support/postgres.js";
import { check, createKey, outcome, readKey, revoke } from "../../support/server-calls.js";

describePostgres("given two handler instances sharing one PostgreSQL database", () => {
  let a: ApiKeysHandler;
  let b: ApiKeysHandler;
  const stores: SqlApiKeyStore[] = [];
  let dropSchema: () => Promise<void>;
  // Each request reads its own millisecond, so two revokes can never agree on a time by accident.
  let clock = Date.UTC(2026, 0, 1);
  const now = () => clock++;

  beforeAll(async () => {
    const schema = await freshSchema(postgres.url!);
    dropSchema = schema.drop;
    for (let i = 0; i < 2; i++) stores.push(postgresStore({ connectionString: schema.url, max: 8 }));
    await Promise.all(stores.map((store) => store.ready()));
    a = createApiKeysHandler(sampleHandlerOptions(stores[0]!, { now }));
    b = createApiKeysHandler(sampleHandlerOptions(stores[1]!, { now }));
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await dropSchema?.();
  });

  describe("when 1,000 keys are created at once, half through each instance", () => {
    it(
      "gives 1,000 distinct keys that all pass check on the other instance",
      { timeout: 60_000 },
      async () => {
        const created = await Promise.all(
          Array.from({ length: 1_000 }, (_, i) =>
            createKey(i % 2 ? a : b, { ownerId: `user-${i % 37}`, description: `burst ${i}` }),
          ),
        );
        expect(new Set(created.map((key) => key.value)).size).toBe(1_000);
        expect(new Set(created.map((key) => key.id)).size).toBe(1_000);

        const outcomes = await Promise.all(
          created.map(async (key, i) => outcome(await check(i % 2 ? b : a, key.value))),
        );
        expect(outcomes.filter((result) => result !== "OK")).toEqual([]);
      },
    );
  });

  describe("when 50 revokes of one key arrive at once through both instances", () => {
    it("keeps one revocation time, and every answer carries it", async () => {
      const key = await createKey(a);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => revoke(i % 2 ? a : b, key)));
      const times = new Set(answers.map((answer) => answer.manually_revoked_at_millis));
      expect(times.size).toBe(1);
      const [time] = times;
      expect(time).toEqual(expect.any(Number));
      expect((await readKey(b, key)).manually_revoked_at_millis).toBe(time);
      expect((await readKey(a, key)).manually_revoked_at_millis).toBe(time);
    });
  });

  describe("when a key is revoked through instance A", () => {
    it("fails check on instance B at once, every time", async () => {
      const keys = await Promise.all(Array.from({ length: 20 }, () => createKey(a)));
      for (const key of keys) {
        // B has answered for this key before, so anything it kept from that answer would show now.
        expect(await outcome(await check(b, key.value))).toBe("OK");
        await revoke(a, key);
        expect(await outcome(await check(b, key.value))).toBe("API_KEY_REVOKED");
      }
    });
  });
});
