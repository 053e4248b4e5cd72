import { expect, it } from "vitest";
import { sweepApiKeyEvents, type ApiKeyEvent } from "../../../src/server/events.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import { KEYS_TABLE } from "../../../src/server/sql-schema.js";
import { describePostgres, instancesOnOneDatabase } from "../../support/postgres.js";

const DAY = 24 * 60 * 60 * 1000;
const START = Date.UTC(2030, 0, 1);
// More than one sweep statement claims (500), so the sweeps take turns over several batches.
const EXPIRING = 700;
const ENDED = 60;

describePostgres("given three handler instances sweeping one PostgreSQL database at once", () => {
  const heard: ApiKeyEvent[][] = [[], [], []];
  const db = instancesOnOneDatabase(
    3,
    (store, i) =>
      sampleHandlerOptions(store, { now: () => START, onKeyEvent: (event) => void heard[i]!.push(event) }),
    { max: 3 },
  );
  const { handlers, stores } = db;

  const insert = (sql: string) =>
    db.admin.query(`INSERT INTO ${KEYS_TABLE} (project_id, id, type, owner_id, description, is_public, hash,
      last_four, created_at_millis, expires_at_millis, rolled_to_id) ${sql}`);
  const sweepAll = () => Promise.all(handlers.map((handler) => sweepApiKeyEvents(handler)));

  it("announces each expiring key and each ended overlap exactly once in total", async () => {
    const projectId = sampleHandlerOptions(stores[0]!).projectId;
    await insert(`SELECT '${projectId}', 'soon-' || g, 'user', 'user-' || (g % 7), 'k', false, md5('s' || g),
      'abcd', ${START - DAY}, ${START} + g * 60000, NULL FROM generate_series(1, ${EXPIRING}) g`);
    await insert(`SELECT '${projectId}', 'ended-' || g, 'team', 'team-' || (g % 3), 'k', false, md5('e' || g),
      'abcd', ${START - 9 * DAY}, ${START - DAY}, 'soon-1' FROM generate_series(1, ${ENDED}) g`);
    // Not due: expires after the window, already expired, and another project's.
    await insert(`VALUES ('${projectId}', 'later', 'user', 'u', 'k', false, 'h-later', 'abcd', 0, ${START + 8 * DAY},
      NULL), ('${projectId}', 'gone', 'user', 'u', 'k', false, 'h-gone', 'abcd', 0, ${START}, NULL),
      ('elsewhere', 'other', 'user', 'u', 'k', false, 'h-other', 'abcd', 0, ${START + DAY}, NULL)`);

    const answers = await sweepAll();
    const told = answers.flat();
    const ids = (type: string) =>
      told
        .filter((event) => event.type === type)
        .map((event) => event.keyId)
        .sort();
    expect(ids("expiring")).toEqual(Array.from({ length: EXPIRING }, (_, i) => `soon-${i + 1}`).sort());
    expect(ids("revoked")).toEqual(Array.from({ length: ENDED }, (_, i) => `ended-${i + 1}`).sort());
    expect(told).toHaveLength(EXPIRING + ENDED);
    expect(told.find((event) => event.keyId === "ended-1")).toMatchObject({
      why: "overlap-end",
      owner: { type: "team", teamId: "team-1" },
      actor: { type: "system" },
      atMillis: START - DAY,
    });
    // Each instance told its own listener what it claimed, and waited for it.
    heard.forEach((events, i) => expect(events).toEqual(answers[i]));

    expect((await sweepAll()).flat()).toEqual([]);
  });

  it("announces a key again when its expiry moves, and a rolled key's overlap end instead", async () => {
    const [handler] = handlers;
    const projectId = sampleHandlerOptions(stores[0]!).projectId;
    await insert(`VALUES ('${projectId}', 'moved', 'user', 'u', 'k', false, 'h-moved', 'abcd', 0,
      ${START + DAY}, NULL), ('${projectId}', 'rolls', 'user', 'u', 'k', false, 'h-rolls', 'abcd', 0,
      ${START + 2 * DAY}, NULL)`);
    const first = await sweepApiKeyEvents(handler!);
    expect(first.map((event) => event.keyId).sort()).toEqual(["moved", "rolls"]);

    // Extended (by the app, in the database): the new expiry is announced when it is due, once.
    await db.admin.query(`UPDATE ${KEYS_TABLE} SET expires_at_millis = $1 WHERE id = 'moved'`, [
      START + 30 * DAY,
    ]);
    expect(await sweepApiKeyEvents(handler!)).toEqual([]);
    const due = await sweepApiKeyEvents(handler!, { now: START + 25 * DAY });
    expect(due).toEqual([
      expect.objectContaining({ type: "expiring", keyId: "moved", expiresAtMillis: START + 30 * DAY }),
    ]);
    expect(await sweepApiKeyEvents(handler!, { now: START + 25 * DAY })).toEqual([]);

    // Rolled after its notice: its end is told as the overlap's end, and the new key has its own life.
    await db.admin.query(`UPDATE ${KEYS_TABLE} SET rolled_to_id = 'next' WHERE id = 'rolls'`);
    const later = await sweepApiKeyEvents(handler!, { now: START + 3 * DAY });
    expect(later.filter((event) => event.keyId !== "later")).toEqual([
      expect.objectContaining({
        type: "revoked",
        keyId: "rolls",
        why: "overlap-end",
        atMillis: START + 2 * DAY,
      }),
    ]);
  });
});
