// serve() over real loopback HTTP: closing under load answers every request that committed, an oversized
// upload reads as 413 rather than a cut connection, and every answer says nosniff.
import { request as httpRequest, Agent } from "node:http";
import { describe, expect, it } from "vitest";
import { createApiKeysHandler } from "../../../src/server/handler.js";
import { memoryStore } from "../../../src/server/memory-store.js";
import { serve } from "../../../src/server/node.js";
import { sampleHandlerOptions, sampleProject } from "../../../src/server/sample.js";
import type { ApiKeyStore } from "../../../src/server/store.js";

const HEADERS = {
  "content-type": "application/json",
  "x-stack-project-id": sampleProject.projectId,
  "x-stack-access-type": "server",
  "x-stack-secret-server-key": sampleProject.secretServerKey,
};

/** A memory store whose inserts take a while, as a database's would, so that requests are in flight. */
function slowStore(delayMs: number): ApiKeyStore & { inserted: string[] } {
  const store = memoryStore();
  const inserted: string[] = [];
  return {
    ...store,
    inserted,
    insertWithinLimit: undefined, // so that creates go through the slow insert
    async insert(key) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await store.insert(key);
      inserted.push(key.id);
    },
  };
}

/** POST over its own connection, answering the status and body, or the error that ended it. */
function post(url: string, body: string, agent?: Agent): Promise<{ status: number; body: string } | Error> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: HEADERS,
        agent,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
        res.on("error", resolve);
      },
    );
    req.on("error", resolve);
    req.end(body);
  });
}

describe("serve().close() under a burst of creates", () => {
  it("answers every create that was stored before it closes", { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const store = slowStore(30);
      const running = await serve(createApiKeysHandler(sampleHandlerOptions(store)), { port: 0 });
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const body = JSON.stringify({ description: "burst", expires_at_millis: null, user_id: "user-alice" });
      const url = `${running.url}/api/v1/user-api-keys`;
      const calls = Array.from({ length: 120 }, () => post(url, body, agent));
      while (store.inserted.length < 10) await new Promise((resolve) => setTimeout(resolve, 5));
      await running.close();
      const results = await Promise.all(calls);
      agent.destroy();

      const answered = new Set(
        results.flatMap((result) =>
          result instanceof Error || result.status !== 200 ? [] : [JSON.parse(result.body).id as string],
        ),
      );
      expect(store.inserted.length).toBeGreaterThan(10);
      for (const id of store.inserted)
        expect(answered.has(id), `key ${id} was stored but not answered`).toBe(true);
      // Nothing was accepted after close: whatever did not get in was refused, not left hanging.
      expect(results.length).toBe(120);
    }
  });

  it("cuts a request that is still running after closeTimeoutMs", { timeout: 30_000 }, async () => {
    const store = slowStore(60_000);
    const running = await serve(createApiKeysHandler(sampleHandlerOptions(store)), {
      port: 0,
      closeTimeoutMs: 300,
    });
    const body = JSON.stringify({ description: "stuck", expires_at_millis: null, user_id: "user-alice" });
    const call = post(`${running.url}/api/v1/user-api-keys`, body);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    await running.close();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await call).toBeInstanceOf(Error);
  });
});

describe("an upload of 10 MB", () => {
  it("reads as 413 BODY_TOO_LARGE through fetch, every time", { timeout: 60_000 }, async () => {
    const running = await serve(createApiKeysHandler(sampleHandlerOptions(memoryStore())), { port: 0 });
    try {
      const big = "x".repeat(10 * 1024 * 1024);
      for (let i = 0; i < 5; i++) {
        const answer = await fetch(`${running.url}/api/v1/user-api-keys`, {
          method: "POST",
          headers: HEADERS,
          body: big,
        });
        expect(answer.status).toBe(413);
        expect(answer.headers.get("x-stack-known-error")).toBe("BODY_TOO_LARGE");
        await answer.text();
      }
    } finally {
      await running.close();
    }
  });
});

describe("every answer", () => {
  it("carries X-Content-Type-Options: nosniff", async () => {
    const running = await serve(createApiKeysHandler(sampleHandlerOptions(memoryStore())), { port: 0 });
    try {
      const answers = [
        await fetch(`${running.url}/api/v1/user-api-keys?user_id=user-alice`, { headers: HEADERS }),
        await fetch(`${running.url}/api/v1/user-api-keys`, {
          headers: { ...HEADERS, "x-stack-access-type": "x" },
        }),
        await fetch(`${running.url}/api/v1/nothing-here`, { headers: HEADERS }),
        await fetch(`${running.url}/api/v1/user-api-keys`, { method: "TRACE" }).catch(() => null),
      ];
      for (const answer of answers) {
        if (answer) expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      }
      expect(answers.map((answer) => answer?.status)).toEqual([200, 400, 404, undefined]);
    } finally {
      await running.close();
    }
  });
});
