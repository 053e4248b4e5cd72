import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoApi } from "../../../demo/server/demo-api.js";
import type { DemoApi } from "../../../demo/server/demo-api.js";
import type { WhoamiRefusal, WhoamiSuccess } from "../../../demo/server/whoami.js";
import { sampleTeams, sampleUsers } from "../../../src/server/sample.js";

let api: DemoApi;

beforeAll(async () => {
  api = await createDemoApi({ dataDir: null, seed: false });
});

afterAll(async () => {
  await api?.close();
});

async function whoami(headers: Record<string, string> = {}, method = "GET") {
  const response = await api.whoami(new Request("http://demo.test/demo/whoami", { method, headers }));
  return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
}

const userKey = async () =>
  api.serverClient
    .user(sampleUsers.alice.id)
    .createApiKey({ description: "Alice's laptop", expiresAt: null });

describe("GET /demo/whoami", () => {
  describe("given a valid user key", () => {
    it("answers the owning user from Authorization: Bearer", async () => {
      const key = await userKey();
      const { status, body } = await whoami({ authorization: `Bearer ${key.value}` });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        owner: { type: "user", userId: sampleUsers.alice.id },
        key: { id: key.id, description: "Alice's laptop", lastFour: key.value.slice(-4), expiresAt: null },
      });
    });

    it("answers the same from x-api-key", async () => {
      const key = await userKey();
      const { status, body } = await whoami({ "x-api-key": key.value });
      expect(status).toBe(200);
      expect((body as WhoamiSuccess).owner).toEqual({ type: "user", userId: sampleUsers.alice.id });
    });
  });

  describe("given a team key", () => {
    it("answers the owning team", async () => {
      const key = await api.serverClient
        .team(sampleTeams.acme)
        .createApiKey({ description: "Acme deploys", expiresAt: null });
      const { status, body } = await whoami({ authorization: `Bearer ${key.value}` });
      expect(status).toBe(200);
      expect((body as WhoamiSuccess).owner).toEqual({ type: "team", teamId: sampleTeams.acme });
    });
  });

  describe("given a revoked key", () => {
    it("refuses with 401 and the reason", async () => {
      const key = await userKey();
      const [listed] = (await api.serverClient.user(sampleUsers.alice.id).listApiKeys()).filter(
        (candidate) => candidate.id === key.id,
      );
      await listed!.revoke();
      const { status, body, headers } = await whoami({ authorization: `Bearer ${key.value}` });
      expect(status).toBe(401);
      expect(headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(body).toMatchObject({
        reason: "manually-revoked",
        code: "API_KEY_REVOKED",
      } satisfies Partial<WhoamiRefusal>);
      expect((body as WhoamiRefusal).message).not.toBe("");
    });
  });

  describe("given no key", () => {
    it("refuses with 401 and says where to send one", async () => {
      const { status, body } = await whoami();
      expect(status).toBe(401);
      expect(body).toMatchObject({ reason: "missing" });
      expect((body as WhoamiRefusal).message).toMatch(/Authorization/);
    });

    it("treats an empty Bearer as no key", async () => {
      const { status, body } = await whoami({ authorization: "Bearer " });
      expect(status).toBe(401);
      expect(body).toMatchObject({ reason: "missing" });
    });
  });

  describe("given a key the service never issued", () => {
    it("refuses with 401 and the reason", async () => {
      const { status, body } = await whoami({ "x-api-key": "rak_sk_not-a-real-key" });
      expect(status).toBe(401);
      expect(["not-found", "malformed"]).toContain((body as WhoamiRefusal).reason);
    });
  });

  it("answers 405 to anything but GET", async () => {
    const { status } = await whoami({}, "POST");
    expect(status).toBe(405);
  });
});

describe("usage of the demo's keys", () => {
  it("counts each whoami call in the key's usage, refusals by reason", async () => {
    const key = await userKey();
    const today = async () => {
      const usage = await api.serverClient.user(sampleUsers.alice.id).getUsage({ days: 1 });
      return usage.find((item) => item.id === key.id)!.days[0]!;
    };
    expect((await today()).ok).toBe(0);
    for (let i = 0; i < 3; i++) expect((await whoami({ "x-api-key": key.value })).status).toBe(200);
    expect(await today()).toMatchObject({ ok: 3, revoked: 0 });
    await api.serverClient
      .user(sampleUsers.alice.id)
      .getApiKey(key.id)
      .then((found) => found.revoke());
    expect((await whoami({ "x-api-key": key.value })).status).toBe(401);
    expect(await today()).toMatchObject({ ok: 3, revoked: 1 });
  });
});
