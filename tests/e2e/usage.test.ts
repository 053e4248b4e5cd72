import { describe, expect, it } from "vitest";
import { skipE2E } from "./support/chromium.js";
import { demoInChromium } from "./support/demo.js";
import {
  chooseRowAction,
  createKeyWithMouse,
  keyRow,
  revokeWithMouse,
  tryKey,
  userSection,
} from "./support/flows.js";

describe.skipIf(skipE2E)("a key's usage, counted by the demo's whoami", () => {
  const demo = demoInChromium("usage");
  const description = "E2E usage";
  let key = "";

  const chart = () => keyRow(userSection(demo.page), description).getByRole("img");
  /** Reloads the demo.page until the row's chart reads `label`: the server writes its counts within a second. */
  async function refreshUntil(label: string) {
    await expect
      .poll(
        async () => {
          await demo.page.reload();
          await chart().and(demo.page.locator("svg")).waitFor();
          return chart().getAttribute("aria-label");
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(label);
  }

  it("a new key's chart says it has no use yet", async () => {
    key = await createKeyWithMouse(demo.steps, userSection(demo.page), {
      description,
      expiry: { preset: "default" },
    });
    await chart().and(demo.page.locator("svg")).waitFor();
    expect(await chart().getAttribute("aria-label")).toBe("No use in 14 days");
  });

  it("two whoami calls later, a refresh shows the count rose, and Details splits it by outcome", async () => {
    for (let i = 0; i < 2; i++)
      expect((await tryKey(demo.steps, key, `whoami call ${i + 1}`)).status).toBe(200);
    await refreshUntil("2 uses in 14 days");
    await demo.steps.check("chart after two calls");

    await chooseRowAction(keyRow(userSection(demo.page), description), description, "Details");
    const dialog = demo.page.getByRole("dialog", { name: `Details of “${description}”` });
    await dialog.waitFor();
    const accepted = dialog
      .getByRole("row")
      .filter({ has: demo.page.getByRole("rowheader", { name: "Accepted" }) });
    expect(await accepted.getByRole("cell").textContent()).toBe("2");
    await demo.steps.check("details after two calls");
    await demo.page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  it("once revoked, a whoami call counts as refused", async () => {
    await revokeWithMouse(demo.steps, userSection(demo.page), description);
    expect((await tryKey(demo.steps, key, "whoami refuses the revoked key")).status).toBe(401);
    await refreshUntil("3 uses in 14 days, 1 refused");
    await demo.steps.check("chart with a refusal");
  });
});
