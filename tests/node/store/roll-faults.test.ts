import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeysHandler, type ApiKeysHandler } from "../../../src/server/handler.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import { KEYS_TABLE } from "../../../src/server/sql-schema.js";
import { createSqlStore } from "../../../src/server/sql-store.js";
import { check, createKey, outcome, readKey, serverRequest } from "../../support/server-calls.js";

// The SQL store on a PGlite database the test can reach into, to make the second half of a roll fail.
describe("given the SQL store on PGlite, when the insert of a roll fails", { timeout: 30_000 }, () => {
  let db: PGlite;
  let handler: ApiKeysHandler;
  const errors: unknown[] = [];
  beforeAll(async () => {
    db = await PGlite.create();
    const store = createSqlStore({
      open: async () => ({
        query: (text, params) => db.query(text, params),
        transaction: (fn) => db.transaction(fn),
        close: async () => {},
      }),
    });
    await store.ready();
    handler = createApiKeysHandler(sampleHandlerOptions(store, { onError: (error) => errors.push(error) }));
    await db.query(`CREATE FUNCTION fail_roll() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await db.query(`CREATE TRIGGER fail_roll BEFORE INSERT ON ${KEYS_TABLE}
      FOR EACH ROW WHEN (NEW.rolled_from_id IS NOT NULL) EXECUTE FUNCTION fail_roll()`);
  }, 120_000);
  afterAll(() => db?.close());

  it("answers 500, reports the error, and leaves both keys as they were", async () => {
    const key = await createKey(handler, { ownerId: "user-fault" });
    const before = await readKey(handler, key);
    for (const overlap of [0, 60_000]) {
      const answer = await handler(
        serverRequest("POST", `/user-api-keys/${key.id}/roll`, {
          expires_at_millis: null,
          overlap_millis: overlap,
        }),
      );
      expect(await outcome(answer)).toBe("INTERNAL_ERROR");
      expect(await readKey(handler, key)).toEqual(before);
      const { rows } = await db.query(`SELECT id, rolled_to_id FROM ${KEYS_TABLE}`);
      expect(rows).toEqual([{ id: key.id, rolled_to_id: null }]);
    }
    expect(errors).toHaveLength(2);
    expect(await outcome(await check(handler, key.value))).toBe("OK");
  });
});
