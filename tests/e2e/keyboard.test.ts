import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, skipE2E } from "./support/chromium.js";
import type { Browsing } from "./support/chromium.js";
import { keyRow, readAnswer, userSection } from "./support/flows.js";
import { Steps, expectFocused, expectText, openDemo, tabTo, textOf } from "./support/page.js";

describe.skipIf(skipE2E)("the main flow by keyboard alone", () => {
  const baseUrl = inject("demoUrl");
  const description = "E2E keyboard: laptop CLI";
  let browsing: Browsing;
  let page: Page;
  let steps: Steps;
  let key = "";

  beforeAll(async () => {
    browsing = await launchChromium(new URL(baseUrl).origin);
    page = await browsing.context.newPage();
    steps = new Steps(page, "keyboard");
    await openDemo(page, baseUrl, "alice");
    await keyRow(userSection(page), "Alice's CLI").waitFor();
  });

  afterAll(async () => {
    await browsing?.close();
  });

  const createButton = () => userSection(page).getByRole("button", { name: "Create API key" }).first();
  const tryBox = () => page.getByRole("region", { name: "Try your key" });

  it("creates a key that expires in 7 days", async () => {
    await tabTo(page, createButton());
    await steps.check("create button focused");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.waitFor();
    const descriptionField = dialog.getByRole("textbox", { name: "Description" });
    await expectFocused(descriptionField, "Description when the dialog opens");
    await page.keyboard.type(description);

    const expires = dialog.getByRole("combobox", { name: "Expires" });
    await tabTo(page, expires);
    // 30 days is the default; one step up is 7 days.
    await page.keyboard.press("ArrowUp");
    await expectText(dialog, /Expires on \d{1,2} \w{3} \d{4}/);
    expect(await expires.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text)).toBe(
      "7 days",
    );
    await steps.check("create dialog filled by keyboard");

    await tabTo(page, dialog.getByRole("button", { name: "Create key" }));
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Copy your new API key" }).waitFor();
  });

  it("guards the reveal: Escape before copying asks first, and Go back returns to the key", async () => {
    const reveal = page.getByRole("dialog", { name: "Copy your new API key" });
    await expectFocused(reveal.getByRole("button", { name: "Copy" }), "Copy on the reveal step");
    await page.keyboard.press("Escape");
    const guard = page.getByRole("alertdialog", { name: "Close without copying?" });
    await guard.waitFor();
    await steps.check("close guard");
    await tabTo(page, guard.getByRole("button", { name: "Go back" }));
    await page.keyboard.press("Enter");
    await guard.waitFor({ state: "detached" });
    expect(await reveal.isVisible()).toBe(true);
  });

  it("copies the key, and Done returns focus to Create API key", async () => {
    const reveal = page.getByRole("dialog", { name: "Copy your new API key" });
    key = await reveal.getByRole("textbox", { name: "Your API key" }).inputValue();
    await tabTo(page, reveal.getByRole("button", { name: "Copy" }));
    await page.keyboard.press("Enter");
    await reveal
      .getByRole("status")
      .filter({ hasText: /^Copied$/ })
      .waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await steps.check("copied by keyboard");
    await tabTo(page, reveal.getByRole("button", { name: "Done" }));
    await page.keyboard.press("Enter");
    await reveal.waitFor({ state: "detached" });
    await expectFocused(createButton(), "Create API key after the dialog closed");
    await keyRow(userSection(page), description).waitFor();
    await steps.check("key listed");
  });

  it("pastes the key into Try your key and /demo/whoami names Alice", async () => {
    const field = tryBox().getByRole("textbox", { name: "API key" });
    await tabTo(page, field);
    await page.keyboard.press("Control+V");
    expect(await field.inputValue()).toBe(key);
    expect(await textOf(tryBox().getByTestId("whoami-curl"))).toContain(`Authorization: Bearer ${key}`);
    const before = await textOf(tryBox().getByTestId("whoami-summary"));
    await page.keyboard.press("Enter");
    const answer = await readAnswer(steps, tryBox(), before, "whoami accepts, by keyboard");
    expect(answer.status).toBe(200);
    expect(answer.summary).toContain("belongs to user Alice (user-alice)");
  });

  it("revokes the key from its row's menu, and /demo/whoami refuses it", async () => {
    const row = keyRow(userSection(page), description);
    await tabTo(page, row.getByRole("button", { name: `Actions for ${description}` }), { backwards: true });
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu", { name: `Actions for ${description}` });
    await expectFocused(menu.getByRole("menuitem", { name: "Rename" }), "the menu's first item");
    await steps.check("row menu open by keyboard");
    await page.keyboard.press("End");
    await expectFocused(menu.getByRole("menuitem", { name: "Revoke" }), "Revoke, the menu's last item");
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("alertdialog", { name: "Revoke API key?" });
    await confirm.waitFor();
    await expectFocused(confirm.getByRole("button", { name: "Cancel" }), "Cancel in the revoke confirmation");
    await page.keyboard.press("Tab");
    await expectFocused(confirm.getByRole("button", { name: "Revoke key" }), "Revoke key after one Tab");
    await steps.check("revoke confirmation by keyboard");
    await page.keyboard.press("Enter");
    await confirm.waitFor({ state: "detached" });
    await expect.poll(() => row.getAttribute("data-state")).toBe("revoked");

    const call = tryBox().getByRole("button", { name: "Call /demo/whoami" });
    await tabTo(page, call);
    const before = await textOf(tryBox().getByTestId("whoami-summary"));
    await page.keyboard.press("Enter");
    const answer = await readAnswer(steps, tryBox(), before, "whoami refuses, by keyboard");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ reason: "manually-revoked" });
  });
});
