import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import { launchChromium, type Browsing } from "../e2e/support/chromium.js";
import { installExample, removeExample, run, startApp, timed, type RunningApp } from "./support/apps.js";
import { callProtected, createAndCopyKey, revokeKey, watchConsole } from "./support/key-flow.js";

describe("examples/vite-react18", () => {
  let dir: string | undefined;
  let app: RunningApp | undefined;
  let browsing: Browsing | undefined;
  beforeAll(async () => {
    dir = await installExample("vite-react18", inject("tarball"));
    await timed("vite-react18: typecheck and vite build", () => run("npm", ["run", "build"], dir!));
    app = await startApp(
      join(dir, "node_modules", ".bin", "vite"),
      // The dev server: React's development build is the one that warns.
      (port) => ["--port", String(port), "--strictPort", "--host", "127.0.0.1"],
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
    if (dir) await removeExample(dir);
  });

  it("runs on React 18: a key is made, copied, accepted, revoked and refused", async () => {
    const page = await browsing!.context.newPage();
    const problems = watchConsole(page);
    onTestFailed(async () => {
      console.log(`page console:\n${problems.join("\n")}\nserver output:\n${app!.output()}`);
      console.log(`page text:\n${(await page.locator("body").innerText()).slice(0, 2000)}`);
    });
    await page.goto(app!.url);

    const key = await createAndCopyKey(page, "Nightly export");
    expect(await callProtected(app!.url, key)).toMatchObject({ status: 200, body: { userId: "user-alice" } });
    expect((await callProtected(app!.url, "rak_sk_not-a-key")).status).toBe(401);
    await revokeKey(page, "Nightly export");
    expect((await callProtected(app!.url, key)).status).toBe(401);

    expect(problems, `console of the page; server said:\n${app!.output()}`).toEqual([]);
  });
});
