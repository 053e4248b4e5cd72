import { describe, expect, it } from "vitest";
import type { ApiKeyFirstViewWire } from "../../../src/client/wire.js";
import type { ApiKeysHandler } from "../../../src/server/handler.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import { KEYS_TABLE } from "../../../src/server/sql-schema.js";
import { describePostgres, instancesOnOneDatabase } from "../../support/postgres.js";
import { check, createKey, outcome, readKey, serverRequest } from "../../support/server-calls.js";

const HOUR = 60 * 60 * 1000;

describePostgres("given four handler instances sharing one PostgreSQL database", () => {
  const db = instancesOnOneDatabase(4, (store) => sampleHandlerOptions(store, { onError: () => {} }));
  const { handlers } = db;

  const roll = (handler: ApiKeysHandler, key: { id: string }, overlap = HOUR) =>
    handler(
      serverRequest("POST", `/user-api-keys/${key.id}/roll`, {
        expires_at_millis: null,
        overlap_millis: overlap,
      }),
    );
  const rowsOf = async (ownerId: string) =>
    (
      await db.admin.query(`SELECT id, rolled_from_id, rolled_to_id FROM ${KEYS_TABLE} WHERE owner_id = $1`, [
        ownerId,
      ])
    ).rows;

  describe("when 20 rolls of one key arrive at once through all four", () => {
    it("lets exactly one succeed and creates exactly one key, every time", async () => {
      for (let round = 0; round < 5; round++) {
        const ownerId = `user-race-${round}`;
        const key = await createKey(handlers[0]!, { ownerId });
        const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => roll(handlers[i % 4]!, key)));
        const outcomes = await Promise.all(
          answers.map((answer) =>
            answer
              .clone()
              .text()
              .then(() => answer),
          ),
        );
        const won = outcomes.filter((answer) => answer.status === 200);
        expect(won).toHaveLength(1);
        expect(
          (await Promise.all(outcomes.filter((a) => a.status !== 200).map((a) => outcome(a)))).every(
            (code) => code === "API_KEY_NOT_ROLLABLE",
          ),
        ).toBe(true);
        const next = ((await won[0]!.json()) as { api_key: ApiKeyFirstViewWire }).api_key;
        expect(await rowsOf(ownerId)).toEqual(
          expect.arrayContaining([
            { id: key.id, rolled_from_id: null, rolled_to_id: next.id },
            { id: next.id, rolled_from_id: key.id, rolled_to_id: null },
          ]),
        );
        expect(await rowsOf(ownerId)).toHaveLength(2);
        expect(await outcome(await check(handlers[3]!, next.value))).toBe("OK");
        expect(await outcome(await check(handlers[2]!, key.value))).toBe("OK");
      }
    });
  });

  describe("when the database fails between the two changes of a roll", () => {
    it("answers 503 and leaves both keys as they were", async () => {
      // The old row is updated first, then the new one inserted; this makes the insert fail as a shutdown would.
      await db.admin.query(`CREATE FUNCTION fail_roll() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected fault' USING ERRCODE = '57P01'; END $$`);
      await db.admin.query(`CREATE TRIGGER fail_roll BEFORE INSERT ON ${KEYS_TABLE}
        FOR EACH ROW WHEN (NEW.rolled_from_id IS NOT NULL) EXECUTE FUNCTION fail_roll()`);
      const ownerId = "user-fault";
      const key = await createKey(handlers[0]!, { ownerId });
      const before = await readKey(handlers[1]!, key);
      try {
        for (const overlap of [0, HOUR]) {
          expect(await outcome(await roll(handlers[0]!, key, overlap))).toBe("STORE_UNAVAILABLE");
          // The check below records a use; every other field must be as before the roll.
          const { last_used_at_millis: _used, ...after } = await readKey(handlers[1]!, key);
          expect(after).toEqual(before);
          expect(await rowsOf(ownerId)).toEqual([{ id: key.id, rolled_from_id: null, rolled_to_id: null }]);
          expect(await outcome(await check(handlers[2]!, key.value))).toBe("OK");
        }
      } finally {
        await db.admin.query(`DROP TRIGGER fail_roll ON ${KEYS_TABLE}`);
        await db.admin.query(`DROP FUNCTION fail_roll()`);
      }
      // Nothing was left half done: the same key rolls once the database is well again.
      expect(await outcome(await roll(handlers[0]!, key))).toBe("OK");
    });
  });
});
