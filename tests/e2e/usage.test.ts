import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, skipE2E } from "./support/chromium.js";
import type { Browsing } from "./support/chromium.js";
import {
  chooseRowAction,
  createKeyWithMouse,
  keyRow,
  revokeWithMouse,
  tryKey,
  userSection,
} from "./support/flows.js";
import { Steps, openDemo } from "./support/page.js";

describe.skipIf(skipE2E)("a key's usage, counted by the demo's whoami", () => {
  const baseUrl = inject("demoUrl");
  const description = "E2E usage";
  let browsing: Browsing;
  let page: Page;
  let steps: Steps;
  let key = "";

  const chart = () => keyRow(userSection(page), description).getByRole("img");
  /** Reloads the page until the row's chart reads `label`: the server writes its counts within a second. */
  async function refreshUntil(label: string) {
    await expect
      .poll(
        async () => {
          await page.reload();
          await chart().and(page.locator("svg")).waitFor();
          return chart().getAttribute("aria-label");
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(label);
  }

  beforeAll(async () => {
    browsing = await launchChromium(new URL(baseUrl).origin);
    page = await browsing.context.newPage();
    steps = new Steps(page, "usage");
    await openDemo(page, baseUrl, "alice");
    await userSection(page).getByRole("row").filter({ hasText: "Alice's CLI" }).waitFor();
  });

  afterAll(async () => {
    await browsing?.close();
  });

  it("a new key's chart says it has no use yet", async () => {
    key = await createKeyWithMouse(steps, userSection(page), { description, expiry: { preset: "default" } });
    await chart().and(page.locator("svg")).waitFor();
    expect(await chart().getAttribute("aria-label")).toBe("No use in 14 days");
  });

  it("two whoami calls later, a refresh shows the count rose, and Details splits it by outcome", async () => {
    for (let i = 0; i < 2; i++) expect((await tryKey(steps, key, `whoami call ${i + 1}`)).status).toBe(200);
    await refreshUntil("2 uses in 14 days");
    await steps.check("chart after two calls");

    await chooseRowAction(keyRow(userSection(page), description), description, "Details");
    const dialog = page.getByRole("dialog", { name: `Details of “${description}”` });
    await dialog.waitFor();
    const accepted = dialog
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "Accepted" }) });
    expect(await accepted.getByRole("cell").textContent()).toBe("2");
    await steps.check("details after two calls");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  it("once revoked, a whoami call counts as refused", async () => {
    await revokeWithMouse(steps, userSection(page), description);
    expect((await tryKey(steps, key, "whoami refuses the revoked key")).status).toBe(401);
    await refreshUntil("3 uses in 14 days, 1 refused");
    await steps.check("chart with a refusal");
  });
});
