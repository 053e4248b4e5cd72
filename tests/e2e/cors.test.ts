// A page on one origin using the real client against the handler on another, in Chromium: the browser's own
// preflight and CORS checks decide, not ours.
import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeysHandler, type ApiKeysHandlerOptions } from "../../src/server/handler.js";
import { memoryStore } from "../../src/server/memory-store.js";
import { serve, type RunningServer } from "../../src/server/node.js";
import { sampleHandlerOptions, sampleProject, sampleUsers } from "../../src/server/sample.js";
import { buildEntry } from "../support/build-entry.js";
import { launchChromium, skipE2E, type Browsing } from "./support/chromium.js";

/** Serves the built client and an empty page, on `localhost` (the API is on `127.0.0.1`: another origin). */
async function servePage(dir: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    readFile(normalize(join(dir, path)))
      .then((file) => res.writeHead(200, { "content-type": "text/javascript" }).end(file))
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}

/** An API on its own origin that records the methods it was asked for. */
async function serveApi(overrides: Partial<ApiKeysHandlerOptions>) {
  const methods: string[] = [];
  const handler = createApiKeysHandler(sampleHandlerOptions(memoryStore(), overrides));
  const running: RunningServer = await serve(
    (request) => {
      methods.push(request.method);
      return handler(request);
    },
    { port: 0, hostname: "127.0.0.1" },
  );
  return { url: running.url, methods, close: running.close };
}

interface Flow {
  created?: { description: string; lastFour: string };
  listed?: string[];
  revoked?: boolean;
  missing?: { code: string; status: number };
  failure?: { code: string; message: string };
}

// Create, list, revoke and a known error, through the client in the page. Plain JavaScript served as the page's
// module (code handed to `page.evaluate` would go through Vitest's transform, which rewrites `import()`).
const PAGE = `<!doctype html><title>cors</title><script type="module">
import { createApiKeysClient } from "/index.js";
window.runFlow = async ({ apiUrl, project, token }) => {
  const client = createApiKeysClient({
    baseUrl: apiUrl,
    projectId: project.projectId,
    publishableClientKey: project.publishableClientKey,
    getAccessToken: () => token,
  });
  const flow = {};
  try {
    const created = await client.me.createApiKey({ description: "From another origin", expiresAt: null });
    flow.created = { description: created.description, lastFour: created.value.slice(-4) };
    const listed = await client.me.listApiKeys();
    flow.listed = listed.map((key) => key.description);
    const revoked = await listed[0].revoke();
    flow.revoked = revoked.manuallyRevokedAt !== null;
    await client.me.getApiKey("no-such-key").catch((error) => {
      flow.missing = { code: error.code, status: error.status };
    });
  } catch (error) {
    flow.failure = { code: error.code, message: error.message };
  }
  return flow;
};
</script>`;

function runFlow(page: Page, apiUrl: string): Promise<Flow> {
  return page.evaluate(
    (args) => (window as unknown as { runFlow(a: typeof args): Promise<Flow> }).runFlow(args),
    { apiUrl, project: sampleProject, token: sampleUsers.alice.accessToken },
  );
}

describe.skipIf(skipE2E)("a page on another origin", () => {
  let dir: string;
  let page: { origin: string; server: Server };
  let browsing: Browsing;
  let tab: Page;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "react-api-keys-cors-"));
    await buildEntry("src/client/index.ts", dir);
    page = await servePage(dir);
    browsing = await launchChromium(page.origin);
    tab = await browsing.context.newPage();
    await tab.goto(page.origin + "/");
    await tab.waitForFunction(() => "runFlow" in window);
  });

  afterAll(async () => {
    await browsing?.close();
    await new Promise((resolve) => page?.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  describe("given the API's cors option allows the page's origin", () => {
    it("creates, lists and revokes keys, and reads the API's errors", async () => {
      const api = await serveApi({ cors: { origins: [page.origin] } });
      try {
        const flow = await runFlow(tab, api.url);
        expect(flow.failure).toBeUndefined();
        expect(flow.created?.description).toBe("From another origin");
        expect(flow.listed).toEqual(["From another origin"]);
        expect(flow.revoked).toBe(true);
        expect(flow.missing).toEqual({ code: "API_KEY_NOT_FOUND", status: 404 });
        // The browser asked first (a preflight) before each kind of call, and the handler let it through.
        expect(api.methods).toContain("OPTIONS");
        expect(api.methods.filter((method) => method !== "OPTIONS")).toEqual(["POST", "GET", "PATCH", "GET"]);
      } finally {
        await api.close();
      }
    });
  });

  describe.each([
    ["the API has no cors option", {}],
    ["the API's cors option allows only another origin", { cors: { origins: ["http://elsewhere.example"] } }],
  ])("given %s", (_, overrides: Partial<ApiKeysHandlerOptions>) => {
    it("cannot call it: the browser stops at the preflight and the client says NETWORK_ERROR", async () => {
      const api = await serveApi(overrides);
      try {
        const flow = await runFlow(tab, api.url);
        expect(flow.failure?.code).toBe("NETWORK_ERROR");
        expect(flow.created).toBeUndefined();
        expect(api.methods).toEqual(["OPTIONS"]);
      } finally {
        await api.close();
      }
    });
  });
});
