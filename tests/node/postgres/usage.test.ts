import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKeysHandler, flushApiKeyUsage, type ApiKeysHandler } from "../../../src/server/handler.js";
import { postgresStore } from "../../../src/server/postgres-store.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import type { SqlApiKeyStore } from "../../../src/server/sql-store.js";
import { startCluster, type PgCluster } from "../../support/pg-cluster.js";
import { describePostgres, instancesOnOneDatabase, postgres } from "../../support/postgres.js";
import { check, createKey, serverRequest } from "../../support/server-calls.js";

const DAY = 86_400_000;
const MIDNIGHT = Date.UTC(2030, 5, 2);

async function usageOf(handler: ApiKeysHandler, id: string, days = 2) {
  const response = await handler(
    serverRequest("GET", `/user-api-keys/usage?user_id=user-alice&days=${days}`),
  );
  const answer = (await response.json()) as {
    items: { id: string; days: Record<string, number | string>[] }[];
  };
  return answer.items.find((item) => item.id === id)!.days;
}

describePostgres("usage with three handler instances on one PostgreSQL database", () => {
  const clock = { now: MIDNIGHT - 1_000 };
  const { handlers } = instancesOnOneDatabase(3, (store) =>
    sampleHandlerOptions(store, { now: () => clock.now }),
  );

  it("counts N concurrent checks exactly N, split at midnight UTC, while all three flush at once", async () => {
    const keys = await Promise.all([0, 1].map(() => createKey(handlers[0]!)));
    const N = 600;
    const burst = () =>
      Promise.all(
        Array.from({ length: N }, async (_, i) => {
          const answer = await check(handlers[i % 3]!, keys[i % 2]!.value);
          // Flushes race the checks and each other: several upserts of the same rows at once.
          if (i % 50 === 0) await flushApiKeyUsage(handlers[(i + 1) % 3]!);
          return answer.status;
        }),
      );
    expect((await burst()).every((status) => status === 200)).toBe(true);
    clock.now = MIDNIGHT;
    expect((await burst()).every((status) => status === 200)).toBe(true);
    await Promise.all(handlers.map(flushApiKeyUsage));

    for (const key of keys) {
      const days = await usageOf(handlers[2]!, key.id);
      expect(days.map((day) => [day.date, day.ok])).toEqual([
        ["2030-06-01", N / 2],
        ["2030-06-02", N / 2],
      ]);
    }
  }, 60_000);
});

describePostgres(
  "usage when PostgreSQL stops between flushes",
  () => {
    let cluster: PgCluster;
    let store: SqlApiKeyStore;
    let handler: ApiKeysHandler;
    const errors: unknown[] = [];

    beforeAll(async () => {
      cluster = await startCluster({ binDir: postgres.binDir! });
      store = postgresStore({
        connectionString: cluster.url,
        max: 4,
        connectionTimeoutMillis: 1_000,
        statementTimeoutMillis: 1_500,
      });
      await store.ready();
      handler = createApiKeysHandler(
        sampleHandlerOptions(store, {
          now: () => MIDNIGHT + DAY / 2,
          onError: (error) => errors.push(error),
        }),
      );
    }, 30_000);
    afterAll(async () => {
      await store?.close();
      await cluster?.destroy();
    });

    it("keeps the counts of a failed flush and writes them once it is back", async () => {
      const key = await createKey(handler);
      for (let i = 0; i < 20; i++) expect((await check(handler, key.value)).status).toBe(200);

      await cluster.stop("immediate");
      await flushApiKeyUsage(handler);
      expect(errors.length).toBeGreaterThan(0);
      // Checks while it is down answer 503 and count nothing: no key was found.
      expect((await check(handler, key.value)).status).toBe(503);

      await cluster.start();
      // The pool reconnects on its own; answers until then are 503s, which count nothing.
      for (let ok = 0, tries = 0; ok < 5 && tries < 200; tries++) {
        if ((await check(handler, key.value)).status === 200) ok++;
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await flushApiKeyUsage(handler);
      expect((await usageOf(handler, key.id, 1)).map((day) => day.ok)).toEqual([25]);
    }, 60_000);
  },
  "binaries",
);
