// A long list answer (100 items or more) is written item by item and sent in chunks: what arrives must be the
// same JSON as a short one, through the fetch-style handler and through the node adapter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyReadWire, ApiKeyUsageAnswerWire } from "../../../src/client/wire.js";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { serve, type RunningServer } from "../../../src/server/node.js";
import { sampleHandlerOptions, sampleProject } from "../../../src/server/sample.js";
import { createKey, serverRequest } from "../../support/server-calls.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12);
const TODAY = Math.floor(NOW / DAY);
const KEYS = 150;

describe("a list of 150 keys and their usage", () => {
  const store = memoryStore();
  const handler = createApiKeysHandler(sampleHandlerOptions(store, { now: () => NOW }));
  let running: RunningServer;
  const ids: string[] = [];

  beforeAll(async () => {
    // Descriptions with quotes, a backslash and non-ASCII text, which a chunk boundary must not break.
    for (let i = 0; i < KEYS; i++) {
      ids.push((await createKey(handler, { description: `clé "${i}" \\ ✓ ${"x".repeat(i % 80)}` })).id);
    }
    // Every third key was used yesterday and today; the others never.
    await store.addUsage!(
      sampleProject.projectId,
      ids.flatMap((keyId, i) =>
        i % 3
          ? []
          : [0, 1].map((back) => ({ keyId, day: TODAY - back, counts: [i, back, 0, 0, 1] as const })),
      ) as never,
    );
    running = await serve(handler, { port: 0 });
  });
  afterAll(() => running.close());

  const viaHandler = async (path: string) => {
    const response = await handler(serverRequest("GET", path));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    return JSON.parse(await response.text()) as unknown;
  };
  const viaHttp = async (path: string) => {
    const response = await fetch(`${running.url}/api/v1${path}`, {
      headers: serverRequest("GET", path).headers,
    });
    expect(response.status).toBe(200);
    return JSON.parse(await response.text()) as unknown;
  };

  it("lists every key with the list's other fields, the same over HTTP", async () => {
    const path = "/user-api-keys?user_id=user-alice";
    const list = (await viaHandler(path)) as { items: ApiKeyReadWire[]; is_paginated: boolean };
    expect(list).toMatchObject({ is_paginated: false, extensions: ["roll", "usage"] });
    expect(list.items.map((item) => item.id)).toEqual([...ids].reverse());
    expect(list.items.at(-1)!.description).toBe('clé "0" \\ ✓ ');
    const one = await handler(serverRequest("GET", `/user-api-keys/${ids[7]}?user_id=user-alice`));
    expect(list.items.find((item) => item.id === ids[7])).toEqual(await one.json());
    expect(await viaHttp(path)).toEqual(list);
  });

  it("answers each key's 90 days (over a megabyte, many chunks), empty days as zeros, the same over HTTP", async () => {
    const path = "/user-api-keys/usage?user_id=user-alice&days=90";
    const usage = (await viaHandler(path)) as ApiKeyUsageAnswerWire;
    expect(usage.items).toHaveLength(KEYS);
    const date = (back: number) => new Date((TODAY - back) * DAY).toISOString().slice(0, 10);
    const zero = { ok: 0, revoked: 0, expired: 0, insufficient_scope: 0, rate_limited: 0 };
    for (const item of usage.items) {
      const i = ids.indexOf(item.id);
      const day = (back: number) =>
        i % 3 || back > 1
          ? { date: date(back), ...zero }
          : { date: date(back), ...zero, ok: i, revoked: back, rate_limited: 1 };
      expect(item.days).toEqual(Array.from({ length: 90 }, (_, n) => day(89 - n)));
    }
    expect(await viaHttp(path)).toEqual(usage);
  });
});
