import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyEvent } from "../../../src/server/events.js";
import { startLocalScanner, type LocalScanner } from "../../../demo/server/github-scanner.js";
import { hashApiKey } from "../../../src/server/key-format.js";
import { sampleHandlerOptions, sampleProject } from "../../../src/server/sample.js";
import { describePostgres, instancesOnOneDatabase } from "../../support/postgres.js";
import { createKey, readKey } from "../../support/server-calls.js";

const BASE = 1_800_000_000_000;

describePostgres("given four handler instances on one PostgreSQL database, with secret scanning", () => {
  let scanner: LocalScanner;
  const events: ApiKeyEvent[] = [];
  beforeAll(async () => {
    scanner = await startLocalScanner();
  });
  afterAll(async () => {
    await scanner?.close();
  });
  // Each instance's clock differs, so the stored time tells which report won.
  const { handlers, stores } = instancesOnOneDatabase(4, (store, i) =>
    sampleHandlerOptions(store, {
      now: () => BASE + i,
      onKeyEvent: (event) => void events.push(event),
      secretScanning: { publicKeysUrl: scanner.url },
    }),
  );

  describe("when the same report arrives 20 times at once through all four", () => {
    it("answers every one the same, and the key keeps one revocation: the first report's", async () => {
      for (let round = 0; round < 3; round++) {
        const key = await createKey(handlers[0]!, { ownerId: `user-leak-race-${round}` });
        const body = JSON.stringify([
          {
            token: key.value,
            type: "rak_secret_api_key",
            url: `https://github.com/r/${round}`,
            source: "content",
          },
        ]);
        const headers = await scanner.sign(body);
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            handlers[i % 4]!(
              new Request("http://api.test/api/v1/secret-scanning", { method: "POST", headers, body }),
            ).then((answer) => answer.text()),
          ),
        );
        expect(new Set(answers).size).toBe(1);
        expect(JSON.parse(answers[0]!)[0].label).toBe("true_positive");
        const read = await readKey(handlers[3]!, key);
        expect(read.revoked_reason).toBe("leak");
        // Revocation and report come from the same, first, report.
        expect(read.manually_revoked_at_millis).toBe(read.leaked_at_millis);
        // Told once, by the instance whose report revoked it.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const told = events.filter((event) => event.keyId === key.id && event.type === "revoked");
        expect(told).toEqual([
          expect.objectContaining({ why: "leak", atMillis: read.manually_revoked_at_millis }),
        ]);
      }
    });

    it("tells exactly one caller of the store that it revoked the key", async () => {
      const key = await createKey(handlers[0]!, { ownerId: "user-leak-store-race" });
      const hash = await hashApiKey(key.value);
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          stores[i % 4]!.reportLeak!(sampleProject.projectId, hash, {
            url: `https://github.com/${i}`,
            atMillis: BASE + 100 + i,
            revoke: true,
          }),
        ),
      );
      const winners = results.filter((result) => result?.revoked);
      expect(winners).toHaveLength(1);
      for (const result of results) {
        expect(result!.key.revokedAtMillis).toBe(winners[0]!.key.revokedAtMillis);
        expect(result!.key.leakedAtMillis).toBe(winners[0]!.key.leakedAtMillis);
        expect(result!.key.leakUrl).toBe(winners[0]!.key.leakUrl);
      }
    });
  });
});
