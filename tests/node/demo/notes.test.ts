import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoApi } from "../../../demo/server/demo-api.js";
import type { DemoApi } from "../../../demo/server/demo-api.js";
import { sampleTeams, sampleUsers } from "../../../src/server/sample.js";

let api: DemoApi;

// PGlite's first start takes a while on a busy machine.
beforeAll(async () => {
  api = await createDemoApi({ dataDir: null, seed: false });
}, 180_000);

afterAll(async () => {
  await api?.close();
});

async function notes(key: string | null, method = "GET", body?: unknown) {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await api.notes(
    new Request("http://demo.test/demo/notes", {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

const aliceKey = (scopes: string[] | null) =>
  api.serverClient.user(sampleUsers.alice.id).createApiKey({ description: "notes", expiresAt: null, scopes });

describe("the demo's notes, which need scopes", () => {
  it("declares notes:read and notes:write on the demo's key service", async () => {
    const offered = await api.serverClient.user(sampleUsers.alice.id).listGrantableScopes();
    expect(offered.items.map((scope) => scope.id)).toEqual(["notes:read", "notes:write"]);
    expect(offered.fullAccess).toBe(true);
  });

  describe("given a read-only key", () => {
    it("may read notes, and is refused writing with the missing scope named", async () => {
      const key = await aliceKey(["notes:read"]);
      const read = await notes(key.value);
      expect(read).toEqual({ status: 200, body: { notes: [] } });
      const write = await notes(key.value, "POST", { text: "hello" });
      expect(write.status).toBe(403);
      expect(write.body).toMatchObject({
        reason: "insufficient-scope",
        code: "API_KEY_INSUFFICIENT_SCOPE",
        missingScopes: ["notes:write"],
      });
      expect(write.body.message).toContain("notes:write");
      expect((await notes(key.value)).body.notes).toEqual([]);
    });
  });

  describe("given a write-only key", () => {
    it("may write, and is refused reading with notes:read named", async () => {
      const key = await aliceKey(["notes:write"]);
      const write = await notes(key.value, "POST", { text: "hello" });
      expect(write.status).toBe(201);
      expect(write.body.note.text).toBe("hello");
      const read = await notes(key.value);
      expect(read.status).toBe(403);
      expect(read.body.missingScopes).toEqual(["notes:read"]);
    });
  });

  describe("given a full-access key or a team key with both", () => {
    it("reads what was written, per owner", async () => {
      const full = await aliceKey(null);
      expect((await notes(full.value)).body.notes.map((n: { text: string }) => n.text)).toContain("hello");
      const team = await api.serverClient
        .team(sampleTeams.acme)
        .createApiKey({ description: "t", expiresAt: null, scopes: ["notes:read", "notes:write"] });
      expect((await notes(team.value, "POST", { text: "team note" })).status).toBe(201);
      expect((await notes(team.value)).body.notes.map((n: { text: string }) => n.text)).toEqual([
        "team note",
      ]);
    });
  });

  it("refuses a missing or revoked key with 401, bad notes with 400, other methods with 405", async () => {
    expect((await notes(null)).status).toBe(401);
    const key = await aliceKey(["notes:write"]);
    await (await api.serverClient.user(sampleUsers.alice.id).getApiKey(key.id)).revoke();
    expect((await notes(key.value, "POST", { text: "x" })).body).toMatchObject({
      reason: "manually-revoked",
    });
    const writer = await aliceKey(["notes:write"]);
    expect((await notes(writer.value, "POST", { text: "" })).status).toBe(400);
    expect((await notes(writer.value, "DELETE")).status).toBe(405);
  });
});
