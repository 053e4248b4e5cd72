// @vitest-environment node
// Runs in the dom and dom-react18 projects: the server side renders here, with that project's React, and
// the browser side hydrates in Chromium with the same React, served by Vite.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { QueryClient, dehydrate } from "@tanstack/react-query";
import type { DehydratedState } from "@tanstack/react-query";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { version } from "react";
import { renderToString } from "react-dom/server";
import { createServer } from "vite";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKeysQueryOptions, userOwner } from "../../../src/hooks/index.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH, assertChromium } from "../../../scripts/chromium.js";
import { createHarness } from "../../support/harness.js";
import { react18Alias } from "../../support/react18.js";
import { App } from "./app.js";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const ENTRY = "tests/dom/hydration/browser.tsx";
const SECOND = 1000;
const react = version.split(".")[0];
const skip = process.env.SKIP_E2E === "1";

/** Serves `page.html` at `/` and the script that hydrates it, on the React this project runs. */
async function startPageServer(cacheDir: string) {
  const page = { html: "" };
  const vite: ViteDevServer = await createServer({
    configFile: false,
    root: REPO_ROOT,
    logLevel: "warn",
    clearScreen: false,
    cacheDir,
    resolve: { alias: react === "18" ? react18Alias : [] },
    server: { host: "127.0.0.1", port: 0, hmr: false, fs: { allow: [REPO_ROOT] } },
    optimizeDeps: { entries: [ENTRY] },
    plugins: [
      {
        name: "hydration-page",
        configureServer(server) {
          server.middlewares.use((request, response, next) => {
            if (request.url !== "/") return next();
            response.setHeader("content-type", "text/html; charset=utf-8");
            response.end(page.html);
          });
        },
      },
    ],
  });
  await vite.listen();
  const url = vite.resolvedUrls?.local[0];
  if (!url) throw new Error("Vite did not report the address it listens on.");
  return { vite, url, page };
}

const document = (html: string, state: DehydratedState) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>Hydration</title>
  </head>
  <body>
    <div id="root">${html}</div>
    <script>window.__STATE__ = ${JSON.stringify(state).replace(/</g, "\\u003c")};</script>
    <script type="module" src="/${ENTRY}"></script>
  </body>
</html>`;

describe.skipIf(skip)(`a prefetched list, rendered on a server and hydrated on React ${react}`, () => {
  let scratch: string;
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let browser: Browser;

  beforeAll(async () => {
    assertChromium("The hydration test drives", ", or skip it with SKIP_E2E=1");
    scratch = await mkdtemp(join(tmpdir(), "react-api-keys-hydration-"));
    server = await startPageServer(join(scratch, "vite"));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.vite.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("matches on a browser in another time zone and locale, ten seconds later, then shows its dates", async () => {
    // The server: Los Angeles, its runtime's locale (en-US), a clock ten seconds behind the browser's.
    const serverNow = Date.now() - 10 * SECOND;
    const createdAt = serverNow - 5 * SECOND;
    const h = createHarness();
    h.clock.now = createdAt;
    await h.clientFor("alice").me.createApiKey({ description: "Prefetched key", expiresAt: null });
    const zone = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    vi.useFakeTimers({ toFake: ["Date"], now: serverNow });
    try {
      const queryClient = new QueryClient();
      await queryClient.prefetchQuery(apiKeysQueryOptions(h.clientFor("alice"), userOwner()));
      const state = JSON.parse(JSON.stringify(dehydrate(queryClient))) as DehydratedState;
      server.page.html = document(renderToString(<App state={state} />), state);
    } finally {
      vi.useRealTimers();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(server.page.html).toContain("Prefetched key");

    // The browser: Tokyo, German.
    const context = await browser.newContext({ locale: "de-DE", timezoneId: "Asia/Tokyo" });
    try {
      const page = await context.newPage();
      const logged: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") logged.push(message.text());
      });
      page.on("pageerror", (error) => logged.push(String(error)));
      await page.goto(server.url);
      await page.waitForFunction(() => typeof window.__REACT__ === "string", null, { timeout: 60_000 });
      expect(await page.evaluate(() => window.__REACT__)).toBe(version);

      // Once hydrated, the dates are the browser's: its locale, its time zone, its clock.
      const created = page
        .getByRole("row", { name: /Prefetched key/ })
        .locator("time")
        .first();
      const local = await page.evaluate(
        (at) => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(at),
        createdAt,
      );
      await expect.poll(() => created.getAttribute("title")).toBe(local);
      await expect.poll(() => created.textContent()).toMatch(/^vor \d+ Sekunden$/);

      expect(await page.evaluate(() => window.__RECOVERED__)).toEqual([]);
      expect(logged).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
