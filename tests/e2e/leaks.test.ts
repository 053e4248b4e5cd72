import { describe, expect, it } from "vitest";
import { DEMO_LEAK_URL } from "../../demo/server/leak-report.js";
import { skipE2E } from "./support/chromium.js";
import { demoInChromium } from "./support/demo.js";
import { createKeyWithMouse, keyRow, tryKey, userSection } from "./support/flows.js";
import { expectText, textOf } from "./support/page.js";

describe.skipIf(skipE2E)("a key found in public, in the demo", () => {
  const demo = demoInChromium("leaks");
  const description = "E2E leak: CI token";
  let key = "";

  it("creates a key that works", async () => {
    key = await createKeyWithMouse(demo.steps, userSection(demo.page), {
      description,
      expiry: { preset: "default" },
    });
    expect((await tryKey(demo.steps, key, "the new key works")).status).toBe(200);
  });

  it("is revoked by a signed report, and its row says where it was found without a reload", async () => {
    const box = demo.page.getByRole("region", { name: "Try your key" });
    await box.getByRole("textbox", { name: "API key" }).fill(key);
    await box.getByRole("button", { name: "Report as found on GitHub" }).click();
    await expectText(box.getByTestId("leak-summary"), /true_positive/);
    const row = keyRow(userSection(demo.page), description);
    await expectText(row, new RegExp(`Revoked: found public at ${DEMO_LEAK_URL.replace(/[.]/g, "\\.")}`));
    const link = row.getByRole("link", { name: DEMO_LEAK_URL });
    expect(await link.getAttribute("href")).toBe(DEMO_LEAK_URL);
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(await row.getByRole("button", { name: "Roll" }).count()).toBe(0);
    await demo.steps.check("report sent, row revoked for a leak");

    // The next step: a new key, through the usual create dialog.
    await row.getByRole("button", { name: "Create a new key" }).click();
    await demo.page.getByRole("dialog", { name: "Create API key" }).waitFor();
    await demo.steps.check("create offered");
    await demo.page.keyboard.press("Escape");
    expect(await textOf(row)).toContain("Revoked");
    expect((await tryKey(demo.steps, key, "the leaked key is refused")).status).toBe(401);
  });
});
