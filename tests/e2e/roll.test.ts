import { describe, expect, it } from "vitest";
import { skipE2E } from "./support/chromium.js";
import { demoInChromium } from "./support/demo.js";
import {
  chooseRowAction,
  copyRevealedKey,
  createKeyWithMouse,
  keyRow,
  tryKey,
  userSection,
} from "./support/flows.js";
import type { Steps } from "./support/page.js";
import { textOf } from "./support/page.js";

/** Rolls a key from its row menu with the given overlap; answers the new key, copied from the reveal. */
async function rollWithMouse(steps: Steps, description: string, rowIndex: number, overlap: string) {
  const page = steps.page;
  const row = keyRow(userSection(page), description).nth(rowIndex);
  await chooseRowAction(row, description, "Roll");
  const dialog = page.getByRole("dialog", { name: "Roll API key" });
  await dialog.waitFor();
  await dialog.getByRole("combobox", { name: "Old key stops working" }).selectOption({ label: overlap });
  await steps.check(`roll dialog, old key stops ${overlap}`);
  await dialog.getByRole("button", { name: "Roll key" }).click();
  return await copyRevealedKey(steps);
}

describe.skipIf(skipE2E)("rolling a key in the demo", () => {
  const demo = demoInChromium("roll");
  const description = "E2E roll: deploy bot";
  let first = "";
  let second = "";

  it("creates the key to roll", async () => {
    first = await createKeyWithMouse(demo.steps, userSection(demo.page), {
      description,
      expiry: { preset: "default" },
    });
  });

  it("rolls with a 24-hour overlap: both rows show the link, and /demo/whoami accepts both keys", async () => {
    second = await rollWithMouse(demo.steps, description, 0, "In 24 hours");
    expect(second).not.toBe(first);
    const rows = keyRow(userSection(demo.page), description);
    await expect.poll(() => rows.count()).toBe(2);
    expect(await textOf(rows.nth(0))).toContain(`Replaces ••••${first.slice(-4)}`);
    expect(await textOf(rows.nth(1))).toContain(
      `Replaced by ••••${second.slice(-4)}, stops working in 24 hours`,
    );
    await demo.steps.check("rolled, linked rows");

    for (const [name, key] of [
      ["old", first],
      ["new", second],
    ] as const) {
      const answer = await tryKey(demo.steps, key, `whoami accepts the ${name} key during the overlap`);
      expect(answer.status).toBe(200);
      expect(answer.summary).toContain("belongs to user Alice (user-alice)");
    }
  });

  it("rolls again with an overlap of Now: /demo/whoami refuses the old key and accepts the new one", async () => {
    const third = await rollWithMouse(demo.steps, description, 0, "Now");
    const rows = keyRow(userSection(demo.page), description);
    await expect.poll(() => rows.count()).toBe(3);
    await demo.steps.check("rolled with no overlap");

    const refused = await tryKey(demo.steps, second, "whoami refuses the key rolled with no overlap");
    expect(refused.status).toBe(401);
    expect(refused.summary).toMatch(/refused \((manually-revoked|expired)\)/);
    const accepted = await tryKey(demo.steps, third, "whoami accepts the newest key");
    expect(accepted.status).toBe(200);
  });
});
