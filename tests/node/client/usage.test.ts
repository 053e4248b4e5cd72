import { beforeEach, describe, expect, it } from "vitest";
import { ApiKeysError, createApiKeysClient } from "../../../src/client/index.js";
import { createHarness, PROJECT, type Harness } from "../../support/harness.js";

const DAY = 24 * 60 * 60 * 1000;
const zero = { ok: 0, revoked: 0, expired: 0, insufficientScope: 0, rateLimited: 0 };

async function rejection(promise: Promise<unknown>): Promise<ApiKeysError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiKeysError);
  return error as ApiKeysError;
}

describe("usage through the client, against the reference handler", () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });

  it("scope.getUsage() answers each key's days, camelCase, counts by outcome", async () => {
    const alice = h.clientFor("alice");
    const used = await alice.me.createApiKey({ description: "used", expiresAt: null });
    const idle = await alice.me.createApiKey({ description: "idle", expiresAt: null });
    const server = h.serverClient();
    for (let i = 0; i < 3; i++) expect(await server.checkUserApiKey(used.value)).not.toBeNull();
    await alice.me.getApiKey(used.id).then((key) => key.revoke());
    expect((await server.verifyUserApiKey(used.value)).valid).toBe(false);

    const usage = await alice.me.getUsage({ days: 2 });
    expect(usage).toEqual([
      {
        id: idle.id,
        days: [
          { date: "2026-11-25", ...zero },
          { date: "2026-11-26", ...zero },
        ],
      },
      {
        id: used.id,
        days: [
          { date: "2026-11-25", ...zero },
          { date: "2026-11-26", ...zero, ok: 3, revoked: 1 },
        ],
      },
    ]);
    expect((await alice.me.getUsage())[0]!.days).toHaveLength(30);
  });

  it("reads a team's usage on the server client, and the days move with the clock", async () => {
    const team = h.serverClient().team("acme");
    const key = await team.createApiKey({ description: "deploys", expiresAt: null });
    await h.serverClient().checkTeamApiKey(key.value);
    h.clock.now += DAY;
    await h.serverClient().checkTeamApiKey(key.value);
    const [usage] = await team.getUsage({ days: 2 });
    expect(usage!.days.map((day) => day.ok)).toEqual([1, 1]);
  });

  it("rejects days out of range with the server's SCHEMA_ERROR", async () => {
    const error = await rejection(h.clientFor("alice").me.getUsage({ days: 91 }));
    expect(error).toMatchObject({ code: "SCHEMA_ERROR", status: 400 });
  });

  it("rejects with ROUTE_NOT_FOUND against a server without usage", async () => {
    const off = createHarness({ usage: false });
    const error = await rejection(off.clientFor("alice").me.getUsage());
    expect(error).toMatchObject({ code: "ROUTE_NOT_FOUND", status: 404 });
  });

  // The reference server never sends these shapes; only a hand-made answer can.
  it.each([
    [{}, "answer.items"],
    [{ items: [{ id: 1, days: [] }] }, "answer.items[0].id"],
    [{ items: [{ id: "k", days: [{ date: "2026-1-1" }] }] }, "answer.items[0].days[0].date"],
    [
      { items: [{ id: "k", days: [{ date: "2026-01-01", ok: -1, revoked: 0, expired: 0 }] }] },
      "answer.items[0].days[0].ok",
    ],
  ])("refuses %j as INVALID_RESPONSE", async (body, path) => {
    const client = createApiKeysClient({
      ...PROJECT,
      baseUrl: "http://api.test",
      getAccessToken: () => "token-alice",
      fetch: async () =>
        new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }),
    });
    const error = await rejection(client.me.getUsage());
    expect(error).toMatchObject({ code: "INVALID_RESPONSE", details: { path } });
  });
});
