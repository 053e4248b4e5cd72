import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { serve, type RunningServer } from "../../../src/server/node.js";
import {
  sampleHandlerOptions,
  sampleProject,
  sampleUsers,
  seedSampleKeys,
} from "../../../src/server/sample.js";

const serverHeaders = {
  "x-stack-project-id": sampleProject.projectId,
  "x-stack-access-type": "server",
  "x-stack-secret-server-key": sampleProject.secretServerKey,
};
const aliceHeaders = {
  "x-stack-project-id": sampleProject.projectId,
  "x-stack-access-type": "client",
  "x-stack-publishable-client-key": sampleProject.publishableClientKey,
  "x-stack-access-token": sampleUsers.alice.accessToken,
};

/** A raw request, so the test controls what fetch would not let it send. */
function raw(
  url: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        url + options.path,
        { method: options.method, headers: options.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              text: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(options.body);
    },
  );
}

describe("the handler served over loopback HTTP", () => {
  let running: RunningServer;
  const store = memoryStore();
  const handler = createApiKeysHandler(sampleHandlerOptions(store));

  beforeAll(async () => {
    running = await serve(handler, { port: 0 });
  });
  afterAll(() => running.close());

  it("listens on 127.0.0.1 on the port it was given", () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("creates, lists, checks and revokes a key end to end", async () => {
    const api = `${running.url}/api/v1`;
    const created = await fetch(`${api}/user-api-keys`, {
      method: "POST",
      headers: { ...aliceHeaders, "content-type": "application/json" },
      body: JSON.stringify({ user_id: "me", description: "over http", expires_at_millis: null }),
    });
    expect(created.status).toBe(200);
    const key = (await created.json()) as { id: string; value: string };

    const list = await fetch(`${api}/user-api-keys?user_id=me`, { headers: aliceHeaders });
    expect(list.headers.get("cache-control")).toBe("no-store");
    expect(((await list.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toContain(
      key.id,
    );

    const check = await fetch(`${api}/user-api-keys/check`, {
      method: "POST",
      headers: { ...serverHeaders, "content-type": "application/json" },
      body: JSON.stringify({ api_key: key.value }),
    });
    expect(((await check.json()) as { last_used_at_millis: number }).last_used_at_millis).toEqual(
      expect.any(Number),
    );

    const revoke = await fetch(`${api}/user-api-keys/${key.id}`, {
      method: "PATCH",
      headers: { ...aliceHeaders, "content-type": "application/json" },
      body: JSON.stringify({ revoked: true }),
    });
    expect(
      ((await revoke.json()) as { manually_revoked_at_millis: number }).manually_revoked_at_millis,
    ).toEqual(expect.any(Number));
  });

  it("sends known errors with their headers, and plain-text ones as text", async () => {
    const missing = await fetch(`${running.url}/api/v1/team-api-keys/nope`, { headers: serverHeaders });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-stack-known-error")).toBe("API_KEY_NOT_FOUND");
    expect(missing.headers.get("x-hexclave-known-error")).toBe("API_KEY_NOT_FOUND");
    const forbidden = await fetch(`${running.url}/api/v1/user-api-keys?user_id=someone`, {
      headers: aliceHeaders,
    });
    expect([forbidden.status, await forbidden.text()]).toEqual([
      403,
      "Client can only manage their own api keys",
    ]);
  });

  it("stops reading a body past 64 KB even when content-length is missing", async () => {
    const body = Buffer.from(JSON.stringify({ description: "x".repeat(200_000) }));
    const chunked = await raw(running.url, {
      method: "POST",
      path: "/api/v1/user-api-keys",
      headers: { ...serverHeaders, "content-type": "application/json", "transfer-encoding": "chunked" },
      body,
    });
    expect(chunked.status).toBe(413);
    expect(chunked.headers["x-stack-known-error"]).toBe("BODY_TOO_LARGE");
    // The server still answers afterwards.
    const after = await fetch(`${running.url}/api/v1/user-api-keys?user_id=x`, { headers: serverHeaders });
    expect(after.status).toBe(200);
  });

  it("answers a path that is not a path with 400, and keeps serving", async () => {
    const answer = await raw(running.url, {
      method: "GET",
      path: "//evil.example/api/v1/user-api-keys",
      headers: {},
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it("checks a seeded team key over HTTP", async () => {
    const seeded = await seedSampleKeys(handler, `${running.url}/api/v1`);
    const check = await fetch(`${running.url}/api/v1/team-api-keys/check`, {
      method: "POST",
      headers: { ...serverHeaders, "content-type": "application/json" },
      body: JSON.stringify({ api_key: seeded.acmeDeploy!.value }),
    });
    expect(((await check.json()) as { team_id: string }).team_id).toBe("team-acme");
  });
});

describe("serve's two paths", () => {
  it("gives any other fetch-style function a Request and sends its Response", async () => {
    const running = await serve(
      async (request) =>
        new Response(JSON.stringify({ method: request.method, body: await request.text() }), {
          status: 201,
          headers: { "content-type": "application/json", "x-echo": request.headers.get("x-echo") ?? "" },
        }),
      { port: 0 },
    );
    try {
      const answer = await fetch(`${running.url}/anything`, {
        method: "POST",
        headers: { "x-echo": "hello" },
        body: "payload",
      });
      expect([answer.status, answer.headers.get("x-echo"), await answer.json()]).toEqual([
        201,
        "hello",
        { method: "POST", body: "payload" },
      ]);
    } finally {
      await running.close();
    }
  });

  it("reads a header sent twice as Headers does, and refuses what Request refuses", async () => {
    const running = await serve(createApiKeysHandler(sampleHandlerOptions(memoryStore())), { port: 0 });
    try {
      const { port } = new URL(running.url);
      // Over a bare socket, since node's client would merge or refuse the repeated header.
      const twice = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        let answer = "";
        const socket = connect(Number(port), "127.0.0.1", () => {
          socket.end(
            "GET /api/v1/user-api-keys?user_id=x HTTP/1.1\r\nHost: x\r\nx-stack-access-type: server\r\n" +
              "X-Stack-Access-Type: server\r\nConnection: close\r\n\r\n",
          );
        });
        socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
        socket.on("error", reject);
        socket.on("close", () => {
          const body = answer.slice(answer.indexOf("{"), answer.lastIndexOf("}") + 1);
          resolve({ status: Number(answer.split(" ")[1]), text: body });
        });
      });
      expect(twice.status).toBe(400);
      expect(JSON.parse(twice.text)).toMatchObject({ code: "INVALID_ACCESS_TYPE" });
      expect(JSON.parse(twice.text).error).toContain('"server, server"');

      const trace = await raw(running.url, { method: "TRACE", path: "/api/v1/user-api-keys", headers: {} });
      expect([trace.status, trace.text]).toEqual([400, "Bad request"]);
    } finally {
      await running.close();
    }
  });
});
