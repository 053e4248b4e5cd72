import { describe, expect, it } from "vitest";
import { skipE2E } from "./support/chromium.js";
import { demoInChromium } from "./support/demo.js";
import { keyRow, readAnswer, userSection } from "./support/flows.js";
import { expectFocused, expectText, tabTo, textOf } from "./support/page.js";

describe.skipIf(skipE2E)("the main flow by keyboard alone", () => {
  const demo = demoInChromium("keyboard");
  const description = "E2E keyboard: laptop CLI";
  let key = "";

  const createButton = () => userSection(demo.page).getByRole("button", { name: "Create API key" }).first();
  const tryBox = () => demo.page.getByRole("region", { name: "Try your key" });

  it("creates a key that expires in 7 days", async () => {
    await tabTo(demo.page, createButton());
    await demo.steps.check("create button focused");
    await demo.page.keyboard.press("Enter");
    const dialog = demo.page.getByRole("dialog", { name: "Create API key" });
    await dialog.waitFor();
    const descriptionField = dialog.getByRole("textbox", { name: "Description" });
    await expectFocused(descriptionField, "Description when the dialog opens");
    await demo.page.keyboard.type(description);

    const expires = dialog.getByRole("combobox", { name: "Expires" });
    await tabTo(demo.page, expires);
    // 30 days is the default; one step up is 7 days.
    await demo.page.keyboard.press("ArrowUp");
    await expectText(dialog, /Expires on \d{1,2} \w{3} \d{4}/);
    expect(await expires.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text)).toBe(
      "7 days",
    );
    await demo.steps.check("create dialog filled by keyboard");

    await tabTo(demo.page, dialog.getByRole("button", { name: "Create key" }));
    await demo.page.keyboard.press("Enter");
    await demo.page.getByRole("dialog", { name: "Copy your new API key" }).waitFor();
  });

  it("guards the reveal: Escape before copying asks first, and Go back returns to the key", async () => {
    const reveal = demo.page.getByRole("dialog", { name: "Copy your new API key" });
    await expectFocused(reveal.getByRole("button", { name: "Copy" }), "Copy on the reveal step");
    await demo.page.keyboard.press("Escape");
    const guard = demo.page.getByRole("alertdialog", { name: "Close without copying?" });
    await guard.waitFor();
    await demo.steps.check("close guard");
    await tabTo(demo.page, guard.getByRole("button", { name: "Go back" }));
    await demo.page.keyboard.press("Enter");
    await guard.waitFor({ state: "detached" });
    expect(await reveal.isVisible()).toBe(true);
  });

  it("copies the key, and Done returns focus to Create API key", async () => {
    const reveal = demo.page.getByRole("dialog", { name: "Copy your new API key" });
    key = await reveal.getByRole("textbox", { name: "Your API key" }).inputValue();
    await tabTo(demo.page, reveal.getByRole("button", { name: "Copy" }));
    await demo.page.keyboard.press("Enter");
    await reveal
      .getByRole("status")
      .filter({ hasText: /^Copied$/ })
      .waitFor();
    expect(await demo.page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await demo.steps.check("copied by keyboard");
    await tabTo(demo.page, reveal.getByRole("button", { name: "Done" }));
    await demo.page.keyboard.press("Enter");
    await reveal.waitFor({ state: "detached" });
    await expectFocused(createButton(), "Create API key after the dialog closed");
    await keyRow(userSection(demo.page), description).waitFor();
    await demo.steps.check("key listed");
  });

  it("pastes the key into Try your key and /demo/whoami names Alice", async () => {
    const field = tryBox().getByRole("textbox", { name: "API key" });
    await tabTo(demo.page, field);
    await demo.page.keyboard.press("Control+V");
    expect(await field.inputValue()).toBe(key);
    expect(await textOf(tryBox().getByTestId("whoami-curl"))).toContain(`Authorization: Bearer ${key}`);
    const before = await textOf(tryBox().getByTestId("whoami-summary"));
    await demo.page.keyboard.press("Enter");
    const answer = await readAnswer(demo.steps, tryBox(), before, "whoami accepts, by keyboard");
    expect(answer.status).toBe(200);
    expect(answer.summary).toContain("belongs to user Alice (user-alice)");
  });

  it("revokes the key from its row's menu, and /demo/whoami refuses it", async () => {
    const row = keyRow(userSection(demo.page), description);
    await tabTo(demo.page, row.getByRole("button", { name: `Actions for ${description}` }), {
      backwards: true,
    });
    await demo.page.keyboard.press("Enter");
    const menu = demo.page.getByRole("menu", { name: `Actions for ${description}` });
    await expectFocused(menu.getByRole("menuitem", { name: "Rename" }), "the menu's first item");
    await demo.steps.check("row menu open by keyboard");
    await demo.page.keyboard.press("End");
    await expectFocused(menu.getByRole("menuitem", { name: "Revoke" }), "Revoke, the menu's last item");
    await demo.page.keyboard.press("Enter");
    const confirm = demo.page.getByRole("alertdialog", { name: "Revoke API key?" });
    await confirm.waitFor();
    await expectFocused(confirm.getByRole("button", { name: "Cancel" }), "Cancel in the revoke confirmation");
    await demo.page.keyboard.press("Tab");
    await expectFocused(confirm.getByRole("button", { name: "Revoke key" }), "Revoke key after one Tab");
    await demo.steps.check("revoke confirmation by keyboard");
    await demo.page.keyboard.press("Enter");
    await confirm.waitFor({ state: "detached" });
    await expect.poll(() => row.getAttribute("data-state")).toBe("revoked");

    const call = tryBox().getByRole("button", { name: "Call /demo/whoami" });
    await tabTo(demo.page, call);
    const before = await textOf(tryBox().getByTestId("whoami-summary"));
    await demo.page.keyboard.press("Enter");
    const answer = await readAnswer(demo.steps, tryBox(), before, "whoami refuses, by keyboard");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ reason: "manually-revoked" });
  });
});
