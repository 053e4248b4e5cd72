import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { QueryClient, dehydrate } from "@tanstack/react-query";
import type { DehydratedState } from "@tanstack/react-query";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { createServer } from "vite";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKeysQueryOptions, userOwner } from "../../src/hooks/index.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../scripts/chromium.js";
import { createHarness } from "../support/harness.js";
import { importsReact, react18Alias } from "../support/react18.js";
import { assertChromium, skipE2E } from "./support/chromium.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SECOND = 1000;

/**
 * Vite renders the page on the server (its SSR loader) and serves the script that hydrates it, both with
 * the same React: 19, or 18 through the aliases the dom-react18 project uses.
 */
async function startPageServer(react: "18" | "19", cacheDir: string) {
  const page = { html: "" };
  const vite: ViteDevServer = await createServer({
    configFile: false,
    root: REPO_ROOT,
    logLevel: "warn",
    clearScreen: false,
    cacheDir,
    resolve: { alias: react === "18" ? react18Alias : [] },
    ssr: { noExternal: importsReact },
    server: { host: "127.0.0.1", port: 0, hmr: false, fs: { allow: [REPO_ROOT] } },
    optimizeDeps: {
      include: ["react", "react-dom/client", "react/jsx-dev-runtime", "react/jsx-runtime"],
      entries: ["tests/e2e/hydration/browser.tsx"],
    },
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
  const ssr = (await vite.ssrLoadModule("/tests/e2e/hydration/server.tsx")) as {
    renderApp(state: DehydratedState): string;
    version: string;
  };
  return { vite, url, page, ssr };
}

const document = (html: string, state: DehydratedState) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Hydration</title></head>
  <body>
    <div id="root">${html}</div>
    <script>window.__STATE__ = ${JSON.stringify(state).replace(/</g, "\\u003c")};</script>
    <script type="module" src="/tests/e2e/hydration/browser.tsx"></script>
  </body>
</html>`;

describe.skipIf(skipE2E).each(["19", "18"] as const)("a prefetched list, hydrated on React %s", (react) => {
  let scratch: string;
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let browser: Browser;

  beforeAll(async () => {
    assertChromium();
    scratch = await mkdtemp(join(tmpdir(), "react-api-keys-hydration-"));
    server = await startPageServer(react, join(scratch, "vite"));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.vite.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("matches the server's HTML on a browser in another time zone, locale and ten seconds later", async () => {
    expect(server.ssr.version.split(".")[0]).toBe(react);
    // The server: Los Angeles, its runtime's locale (en-US), a clock ten seconds behind the browser's.
    const serverNow = Date.now() - 10 * SECOND;
    const h = createHarness();
    h.clock.now = serverNow - 5 * SECOND;
    await h.clientFor("alice").me.createApiKey({ description: "Prefetched key", expiresAt: null });
    const zone = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    vi.useFakeTimers({ toFake: ["Date"], now: serverNow });
    let state: DehydratedState;
    try {
      const queryClient = new QueryClient();
      await queryClient.prefetchQuery(apiKeysQueryOptions(h.clientFor("alice"), userOwner()));
      state = JSON.parse(JSON.stringify(dehydrate(queryClient))) as DehydratedState;
      server.page.html = document(server.ssr.renderApp(state), state);
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
      await page.waitForFunction(() => typeof window.__REACT__ === "string");
      expect(await page.evaluate(() => window.__REACT__.split(".")[0])).toBe(react);

      // Once hydrated, the dates are the browser's: its locale, its time zone, its clock.
      const created = page.getByRole("row", { name: /Prefetched key/ }).locator("time").first();
      const createdAt = serverNow - 5 * SECOND;
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
  });
});
