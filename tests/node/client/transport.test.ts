import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ApiKeysError, createApiKeysClient, createApiKeysServerClient } from "../../../src/client/index.js";
import { serve, type RunningServer } from "../../../src/server/node.js";
import { PROJECT, createHarness } from "../../support/harness.js";

// Cases the reference server cannot produce (a dropped connection, a hang, a 500, a malformed answer) get a
// plain node:http server on loopback; everything else goes to the real handler over real HTTP.

const open: { close(): unknown }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function rawServer(respond: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  open.push({ close: () => new Promise((r) => server.close(r)) });
  server.on("connection", (socket) => open.push({ close: () => socket.destroy() }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const clientAt = (baseUrl: string, timeoutMs?: number) =>
  createApiKeysClient({ ...PROJECT, baseUrl, getAccessToken: () => "token-alice", timeoutMs });

async function failure(promise: Promise<unknown>): Promise<ApiKeysError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiKeysError);
  return error as ApiKeysError;
}

describe("the client over loopback HTTP", () => {
  describe("given the reference server", () => {
    let running: RunningServer;
    it("runs create, list, check and revoke end to end", async () => {
      const h = createHarness();
      running = await serve(h.handler, { port: 0 });
      open.push(running);
      const alice = clientAt(running.url);
      const server = createApiKeysServerClient({ ...PROJECT, baseUrl: running.url });
      const created = await alice.me.createApiKey({ description: "over http", expiresAt: null });
      expect((await alice.me.listApiKeys()).map((k) => k.id)).toEqual([created.id]);
      expect(await server.checkUserApiKey(created.value)).toMatchObject({ userId: "alice" });
      await created.revoke();
      const verdict = await server.verifyUserApiKey(created.value);
      expect(verdict.valid ? "valid" : verdict.reason).toBe("manually-revoked");
    });
  });

  describe("when the connection fails", () => {
    it("reports NETWORK_ERROR for a refused connection", async () => {
      const url = await rawServer(() => {});
      await open.pop()!.close();
      await Promise.all(open.splice(0).map((s) => s.close()));
      expect(await failure(clientAt(url).me.listApiKeys())).toMatchObject({
        code: "NETWORK_ERROR",
        status: 0,
      });
    });

    it("reports TIMEOUT when the server never answers", async () => {
      const url = await rawServer(() => {});
      const error = await failure(clientAt(url, 100).me.listApiKeys());
      expect(error).toMatchObject({ code: "TIMEOUT", status: 0 });
    });

    it("rejects with the caller's abort reason when the caller aborts", async () => {
      const url = await rawServer(() => {});
      const controller = new AbortController();
      const pending = clientAt(url).me.listApiKeys({ signal: controller.signal });
      controller.abort(new Error("user navigated away"));
      await expect(pending).rejects.toThrow("user navigated away");
    });
  });

  describe("when the answer does not fit the contract", () => {
    it("turns a plain-text 500 into HTTP_ERROR with the text", async () => {
      const url = await rawServer((_req, res) => res.writeHead(500).end("database on fire"));
      expect(await failure(clientAt(url).me.listApiKeys())).toMatchObject({
        code: "HTTP_ERROR",
        status: 500,
        message: "database on fire",
      });
    });

    it("reports INVALID_RESPONSE for a 200 that is not JSON", async () => {
      const url = await rawServer((_req, res) => res.writeHead(200).end("<html>"));
      expect(await failure(clientAt(url).me.listApiKeys())).toMatchObject({ code: "INVALID_RESPONSE" });
    });

    it("names the field that is wrong", async () => {
      const item = { id: "k", description: "d", created_at_millis: "yesterday", is_public: false };
      const url = await rawServer((_req, res) =>
        res
          .writeHead(200)
          .end(JSON.stringify({ items: [{ ...item, type: "user", user_id: "u", value: {} }] })),
      );
      const error = await failure(clientAt(url).me.listApiKeys());
      expect(error.code).toBe("INVALID_RESPONSE");
      expect(error.details).toMatchObject({ path: "answer.items[0].created_at_millis" });
    });

    it("ignores fields it does not know", async () => {
      const wire = {
        id: "k",
        description: "d",
        created_at_millis: 1,
        is_public: false,
        type: "user",
        user_id: "u",
        value: { last_four: "abcd", extra: 1 },
        brand_new_field: true,
      };
      const url = await rawServer((_req, res) =>
        res.writeHead(200).end(JSON.stringify({ items: [wire], is_paginated: false })),
      );
      const [key] = await clientAt(url).me.listApiKeys();
      expect(key!.toJSON()).toEqual({
        id: "k",
        description: "d",
        created_at_millis: 1,
        is_public: false,
        type: "user",
        user_id: "u",
        value: { last_four: "abcd" },
      });
    });
  });
});
