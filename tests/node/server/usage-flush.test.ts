// How counts get from a check to the store: within one flush interval, on close, and through a failed flush.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApiKeysHandler, flushApiKeyUsage } from "../../../src/server/handler.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { serve } from "../../../src/server/node.js";
import { sampleHandlerOptions, sampleProject } from "../../../src/server/sample.js";
import type { ApiKeyStore, UsageIncrement } from "../../../src/server/store.js";
import { dayOf } from "../../../src/server/usage.js";
import { check, createKey, serverRequest } from "../../support/server-calls.js";

const NOW = Date.UTC(2030, 0, 1, 12);
const okOf = async (store: ApiKeyStore, id: string) =>
  (await store.readUsage!(sampleProject.projectId, [id], dayOf(NOW), dayOf(NOW)))[0]?.counts[0] ?? 0;

/** A memory store whose `addUsage` the test can make fail (before writing anything) or hold. */
function flakyStore() {
  const store = memoryStore();
  const addUsage = store.addUsage!.bind(store);
  const control = { fail: false, hold: null as Promise<void> | null, calls: 0 };
  const wrapped: ApiKeyStore = {
    ...store,
    async addUsage(projectId: string, rows: UsageIncrement[]) {
      control.calls++;
      if (control.hold) await control.hold;
      if (control.fail) throw new Error("store unavailable");
      await addUsage(projectId, rows);
    },
  };
  return { store: wrapped, control };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("usage flushing", () => {
  it("writes a count within one flush interval of the check, unasked", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const store = memoryStore();
    const handler = createApiKeysHandler(
      sampleHandlerOptions(store, { now: () => NOW, usageFlushIntervalMillis: 5_000 }),
    );
    const key = await createKey(handler);
    for (let i = 0; i < 3; i++) expect((await check(handler, key.value)).status).toBe(200);

    await vi.advanceTimersByTimeAsync(4_999);
    expect(await okOf(store, key.id)).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(await okOf(store, key.id)).toBe(3);
  });

  it("writes what it holds when serve() closes, though the interval has not passed", async () => {
    const store = memoryStore();
    const handler = createApiKeysHandler(
      sampleHandlerOptions(store, { now: () => NOW, usageFlushIntervalMillis: 3_600_000 }),
    );
    const key = await createKey(handler);
    const running = await serve(handler, { port: 0, hostname: "127.0.0.1" });
    for (let i = 0; i < 4; i++) {
      const request = serverRequest("POST", "/user-api-keys/check", { api_key: key.value }, running.url);
      const answer = await fetch(request);
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
    }
    expect(await okOf(store, key.id)).toBe(0);
    await running.close();
    expect(await okOf(store, key.id)).toBe(4);
  });

  it("keeps a failed flush's counts, adds later ones to them and writes them once", async () => {
    const { store, control } = flakyStore();
    const errors: unknown[] = [];
    const handler = createApiKeysHandler(
      sampleHandlerOptions(store, {
        now: () => NOW,
        usageFlushIntervalMillis: 3_600_000,
        onError: (error) => errors.push(error),
      }),
    );
    const key = await createKey(handler);
    for (let i = 0; i < 3; i++) await check(handler, key.value);
    control.fail = true;
    await flushApiKeyUsage(handler);
    expect(errors).toHaveLength(1);
    expect(await okOf(store, key.id)).toBe(0);

    control.fail = false;
    for (let i = 0; i < 2; i++) await check(handler, key.value);
    await flushApiKeyUsage(handler);
    expect(await okOf(store, key.id)).toBe(5);
    await flushApiKeyUsage(handler);
    expect(await okOf(store, key.id)).toBe(5);
  });

  it("counts checks answered while a flush is under way in the next one, none twice", async () => {
    const { store, control } = flakyStore();
    const handler = createApiKeysHandler(
      sampleHandlerOptions(store, { now: () => NOW, usageFlushIntervalMillis: 3_600_000 }),
    );
    const key = await createKey(handler);
    for (let i = 0; i < 3; i++) await check(handler, key.value);
    let release!: () => void;
    control.hold = new Promise((resolve) => (release = resolve));
    const first = flushApiKeyUsage(handler);
    // The flush waits on the store; checks do not wait on the flush.
    for (let i = 0; i < 4; i++) expect((await check(handler, key.value)).status).toBe(200);
    const second = flushApiKeyUsage(handler);
    release();
    await Promise.all([first, second]);
    expect(await okOf(store, key.id)).toBe(7);
    expect(control.calls).toBe(2);
  });

  it("refuses a flush interval that is not a whole number of milliseconds", () => {
    for (const usageFlushIntervalMillis of [0, -1, 1.5, Number.NaN]) {
      expect(() =>
        createApiKeysHandler(sampleHandlerOptions(memoryStore(), { usageFlushIntervalMillis })),
      ).toThrow(RangeError);
    }
  });
});
