import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_LEAK_URL } from "../../demo/server/leak-report.js";
import { launchChromium, skipE2E } from "./support/chromium.js";
import type { Browsing } from "./support/chromium.js";
import { createKeyWithMouse, keyRow, tryKey, userSection } from "./support/flows.js";
import { Steps, expectText, openDemo, textOf } from "./support/page.js";

describe.skipIf(skipE2E)("a key found in public, in the demo", () => {
  const baseUrl = inject("demoUrl");
  const description = "E2E leak: CI token";
  let browsing: Browsing;
  let page: Page;
  let steps: Steps;
  let key = "";

  beforeAll(async () => {
    browsing = await launchChromium(new URL(baseUrl).origin);
    page = await browsing.context.newPage();
    steps = new Steps(page, "leaks");
    await openDemo(page, baseUrl, "alice");
    await keyRow(userSection(page), "Alice's CLI").waitFor();
  });

  afterAll(async () => {
    await browsing?.close();
  });

  it("creates a key that works", async () => {
    key = await createKeyWithMouse(steps, userSection(page), { description, expiry: { preset: "default" } });
    expect((await tryKey(steps, key, "the new key works")).status).toBe(200);
  });

  it("is revoked by a signed report, and after a reload its row says where it was found", async () => {
    const box = page.getByRole("region", { name: "Try your key" });
    await box.getByRole("textbox", { name: "API key" }).fill(key);
    await box.getByRole("button", { name: "Report as found on GitHub" }).click();
    await expectText(box.getByTestId("leak-summary"), /true_positive/);
    await steps.check("report sent");

    await page.reload();
    const row = keyRow(userSection(page), description);
    await row.waitFor();
    await expectText(row, new RegExp(`Revoked: found public at ${DEMO_LEAK_URL.replace(/[.]/g, "\\.")}`));
    const link = row.getByRole("link", { name: DEMO_LEAK_URL });
    expect(await link.getAttribute("href")).toBe(DEMO_LEAK_URL);
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(await row.getByRole("button", { name: "Roll" }).count()).toBe(0);
    await steps.check("row revoked for a leak");

    // The next step: a new key, through the usual create dialog.
    await row.getByRole("button", { name: "Create a new key" }).click();
    await page.getByRole("dialog", { name: "Create API key" }).waitFor();
    await steps.check("create offered");
    await page.keyboard.press("Escape");
    expect(await textOf(row)).toContain("Revoked");
    expect((await tryKey(steps, key, "the leaked key is refused")).status).toBe(401);
  });
});
