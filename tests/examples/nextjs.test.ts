import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Page } from "playwright-core";
import { launchChromium, type Browsing } from "../e2e/support/chromium.js";
import { installExample, removeExample, run, startApp, timed, type RunningApp } from "./support/apps.js";
import {
  callProtected,
  createAndCopyKey,
  keyRow,
  reloadCountingKeyRequests,
  revokeKey,
  watchConsole,
} from "./support/key-flow.js";

let dir: string;
beforeAll(async () => {
  dir = await installExample("nextjs", inject("tarball"));
});
afterAll(async () => {
  if (dir) await removeExample(dir);
});

/** The list comes in the HTML; only the usage charts ask, once, after the rows' first paint. */
async function expectHydratedWithoutListRequest(page: Page) {
  const hydrating = await reloadCountingKeyRequests(page);
  expect(hydrating.list, "requests to /api/v1 while the page hydrates").toEqual([]);
  expect(hydrating.usage, "usage requests after the first paint").toBeLessThanOrEqual(1);
}

describe.each([
  { bundler: "Turbopack (the default)", flags: [] },
  { bundler: "webpack", flags: ["--webpack"] },
])("examples/nextjs built with $bundler", ({ bundler, flags }) => {
  let app: RunningApp | undefined;
  let browsing: Browsing | undefined;
  beforeAll(async () => {
    await rm(join(dir, ".next"), { recursive: true, force: true });
    await rm(join(dir, ".data"), { recursive: true, force: true });
    await timed(`nextjs: next build, ${bundler}`, () => run("npx", ["next", "build", ...flags], dir));
    app = await startApp(
      join(dir, "node_modules", ".bin", "next"),
      (port) => ["start", "--port", String(port), "--hostname", "127.0.0.1"],
      dir,
    );
    browsing = await launchChromium(app.url);
    // The first request creates the embedded database (PGlite's initdb): seconds on an idle machine, over a
    // minute on a busy one.
    browsing.context.setDefaultTimeout(180_000);
  });
  afterAll(async () => {
    await browsing?.close();
    await app?.stop();
  });

  it("prefetches and hydrates with no list request, and a key is made, copied, accepted, revoked and refused", async () => {
    const page = await browsing!.context.newPage();
    const problems = watchConsole(page);
    onTestFailed(async () => {
      console.log(`page console:\n${problems.join("\n")}\nserver output:\n${app!.output()}`);
      console.log(`page text:\n${(await page.locator("body").innerText()).slice(0, 2000)}`);
    });
    await page.goto(app!.url);
    await page.getByRole("button", { name: "Sign in as Alice" }).click();
    await page.getByRole("button", { name: "Create API key" }).first().waitFor();
    await expectHydratedWithoutListRequest(page);

    const key = await createAndCopyKey(page, "Deploys from CI");
    // The list now has a key with dates and relative times: rendered on the server, hydrated as they are.
    await expectHydratedWithoutListRequest(page);
    await keyRow(page, "Deploys from CI").waitFor();

    expect(await callProtected(app!.url, key)).toMatchObject({ status: 200, body: { userId: "user-alice" } });
    expect((await callProtected(app!.url, "rak_sk_not-a-key")).status).toBe(401);
    await revokeKey(page, "Deploys from CI");
    expect((await callProtected(app!.url, key)).status).toBe(401);

    expect(problems, `console of the page; server said:\n${app!.output()}`).toEqual([]);
  });
});
