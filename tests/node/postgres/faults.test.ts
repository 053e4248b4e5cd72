import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyFirstViewWire } from "../../../src/client/wire.js";
import { createApiKeysHandler, type ApiKeysHandler } from "../../../src/server/handler.js";
import { postgresStore } from "../../../src/server/postgres-store.js";
import { sampleHandlerOptions } from "../../../src/server/sample.js";
import type { SqlApiKeyStore } from "../../../src/server/sql-store.js";
import { startCluster, type PgCluster } from "../../support/pg-cluster.js";
import { describePostgres, postgres } from "../../support/postgres.js";
import { check, createKey, outcome, revoke, serverRequest } from "../../support/server-calls.js";

const CONNECTION_TIMEOUT = 1_000;
const STATEMENT_TIMEOUT = 1_500;
// The slowest honest answer: a wait for a pooled connection, then a statement that times out on our side.
const ANSWER_BOUND = CONNECTION_TIMEOUT + STATEMENT_TIMEOUT + 1_000 + 1_000;

interface Answer {
  outcome: string;
  millis: number;
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

describePostgres(
  "given two handler instances on a PostgreSQL cluster that fails",
  () => {
    let cluster: PgCluster;
    const stores: SqlApiKeyStore[] = [];
    let a: ApiKeysHandler;
    let b: ApiKeysHandler;

    beforeAll(async () => {
      // A cluster of its own, so stopping it disturbs no other suite; fsync on, since recovery is under test.
      cluster = await startCluster({ binDir: postgres.binDir!, fsync: true });
      const options = {
        connectionString: cluster.url,
        max: 6,
        connectionTimeoutMillis: CONNECTION_TIMEOUT,
        statementTimeoutMillis: STATEMENT_TIMEOUT,
      };
      stores.push(postgresStore(options), postgresStore(options));
      await Promise.all(stores.map((store) => store.ready()));
      a = createApiKeysHandler(sampleHandlerOptions(stores[0]!, { onError: () => {} }));
      b = createApiKeysHandler(sampleHandlerOptions(stores[1]!, { onError: () => {} }));
    }, 30_000);
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await cluster?.destroy();
    });

    /** Requests from several callers at once until stopped: creates through A, checks through B. */
    function load(acknowledged: ApiKeyFirstViewWire[]) {
      const answers: Answer[] = [];
      let running = true;
      async function caller(n: number) {
        for (let i = 0; running; i++) {
          const started = performance.now();
          let result: string;
          if (i % 2 === 0) {
            const response = await a(
              serverRequest("POST", "/user-api-keys", {
                description: `under load ${n}.${i}`,
                expires_at_millis: null,
                user_id: `user-${n}`,
              }),
            );
            const text = await response.clone().text();
            result = await outcome(response);
            if (result === "OK") acknowledged.push(JSON.parse(text) as ApiKeyFirstViewWire);
          } else {
            const key = acknowledged[Math.floor(Math.random() * acknowledged.length)]!;
            result = await outcome(await check(b, key.value));
          }
          answers.push({ outcome: result, millis: performance.now() - started });
          // Keep the loop from spinning on instant refusals while the database is down.
          if (result !== "OK") await sleep(20);
        }
      }
      const callers = Array.from({ length: 8 }, (_, n) => caller(n));
      return {
        answers,
        /** Answers recorded from now on. */
        mark: () => answers.length,
        async stop() {
          running = false;
          await Promise.all(callers);
        },
      };
    }

    async function untilServing(handler: ApiKeysHandler, key: ApiKeyFirstViewWire, limitMillis: number) {
      const deadline = Date.now() + limitMillis;
      while (Date.now() < deadline) {
        if ((await outcome(await check(handler, key.value))) === "OK") return true;
        await sleep(100);
      }
      return false;
    }

    describe("when the database stops, comes back, then hangs and resumes, under load", () => {
      it("answers 503 STORE_UNAVAILABLE in bounded time, recovers by itself, and loses nothing", async () => {
        const acknowledged: ApiKeyFirstViewWire[] = [];
        for (let i = 0; i < 40; i++) acknowledged.push(await createKey(a, { ownerId: `user-seed-${i}` }));
        const revoked = await Promise.all(acknowledged.slice(0, 10).map((key) => revoke(b, key)));
        const survivor = acknowledged[20]!;

        const traffic = load(acknowledged);
        await sleep(300);

        // A crash: connections cut, nothing flushed beyond what each commit already made durable.
        const down = traffic.mark();
        await cluster.stop("immediate");
        await sleep(1_500);
        const downAnswers = traffic.answers.slice(down);
        await cluster.start();
        expect(await untilServing(a, survivor, 10_000)).toBe(true);
        expect(await untilServing(b, survivor, 10_000)).toBe(true);
        await sleep(300);

        // A hang: the port accepts connections, but nothing answers. Only our timeouts end a request now.
        const hung = traffic.mark();
        await cluster.freeze();
        await sleep(ANSWER_BOUND);
        const hungAnswers = traffic.answers.slice(hung);
        await cluster.thaw();
        expect(await untilServing(a, survivor, 10_000)).toBe(true);
        expect(await untilServing(b, survivor, 10_000)).toBe(true);
        await sleep(300);
        await traffic.stop();

        for (const window of [downAnswers, hungAnswers]) {
          expect(window.some((answer) => answer.outcome === "STORE_UNAVAILABLE")).toBe(true);
          // A check of an acknowledged key may fail for want of a database, never for want of the key, and
          // nothing fails as a 500.
          expect(
            window.filter(
              (answer) => !["OK", "STORE_UNAVAILABLE", "API_KEY_REVOKED"].includes(answer.outcome),
            ),
          ).toEqual([]);
        }
        const slowest = Math.max(...traffic.answers.map((answer) => answer.millis));
        expect(slowest).toBeLessThan(ANSWER_BOUND);

        // Every key acknowledged before or during the faults still checks, on both instances.
        const revokedIds = new Set(revoked.map((key) => key.id));
        const results = await Promise.all(
          acknowledged.map(async (key, i) => [key.id, await outcome(await check(i % 2 ? a : b, key.value))]),
        );
        for (const [id, result] of results) {
          expect({ id, result }).toEqual({ id, result: revokedIds.has(id!) ? "API_KEY_REVOKED" : "OK" });
        }
        expect(acknowledged.length).toBeGreaterThan(40);
      }, 60_000);
    });
  },
  "binaries",
);
