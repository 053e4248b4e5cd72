import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import type { WhoamiRefusal, WhoamiSuccess } from "../../../demo/server/whoami.js";
import { expectFocused, expectText, textOf } from "./page.js";
import type { Steps } from "./page.js";

/** The demo's section around one panel: "Your API keys", or a team such as "Acme (team-acme)". */
export const userSection = (page: Page) => page.getByRole("region", { name: "Your API keys" });
export const teamSection = (page: Page, team: string) =>
  page.getByRole("region", { name: new RegExp(`^${team}`) });

export const keyRow = (section: Locator, description: string) =>
  section.getByRole("row").filter({ has: section.page().getByText(description, { exact: true }) });

export type ExpiryChoice =
  | { preset: "1 day" | "7 days" | "30 days" | "90 days" | "1 year" | "Never" }
  | { preset: "default" }
  | { customDate: string };

/** Creates a key through the panel's dialog with the mouse, copies it, and answers what was copied. */
export async function createKeyWithMouse(
  steps: Steps,
  section: Locator,
  { description, expiry }: { description: string; expiry: ExpiryChoice },
): Promise<string> {
  const page = steps.page;
  await section.getByRole("button", { name: "Create API key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.waitFor();
  await dialog.getByRole("textbox", { name: "Description" }).fill(description);
  const expires = dialog.getByRole("combobox", { name: "Expires" });
  if ("customDate" in expiry) {
    await expires.selectOption({ label: "Custom date" });
    await dialog.getByLabel("Expiry date").fill(expiry.customDate);
  } else if (expiry.preset !== "default") {
    await expires.selectOption({ label: expiry.preset });
  }
  await steps.check(`create dialog, expiry ${"customDate" in expiry ? "custom date" : expiry.preset}`);
  await dialog.getByRole("button", { name: "Create key" }).click();
  return await copyRevealedKey(steps);
}

/** On the reveal step: Copy (which has focus), check the clipboard holds the whole key, then Done. */
export async function copyRevealedKey(steps: Steps, { keyboard = false } = {}): Promise<string> {
  const page = steps.page;
  const reveal = page.getByRole("dialog", { name: "Copy your new API key" });
  await reveal.waitFor();
  const field = reveal.getByRole("textbox", { name: "Your API key" });
  const shown = await field.inputValue();
  expect(shown).toMatch(/^rak_(sk|pk)_[0-9A-Za-z]{39}$/);
  const copy = reveal.getByRole("button", { name: "Copy" });
  await expectFocused(copy, "Copy on the reveal step");
  await steps.check("reveal step");
  if (keyboard) await page.keyboard.press("Enter");
  else await copy.click();
  await reveal
    .getByRole("status")
    .filter({ hasText: /^Copied$/ })
    .waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  await steps.check("copied");
  if (keyboard) {
    await page.keyboard.press("Tab");
    await expectFocused(reveal.getByRole("button", { name: "Done" }), "Done after Copy");
    await page.keyboard.press("Enter");
  } else {
    await reveal.getByRole("button", { name: "Done" }).click();
  }
  await reveal.waitFor({ state: "detached" });
  // The secret is gone from the page once the dialog closes.
  expect(await page.content()).not.toContain(shown);
  return copied;
}

export interface WhoamiAnswer {
  summary: string;
  status: number;
  body: WhoamiSuccess | WhoamiRefusal;
}

/** Pastes the key into "Try your key" and calls /demo/whoami from the page. */
export async function tryKey(steps: Steps, key: string, stepName: string): Promise<WhoamiAnswer> {
  const page = steps.page;
  const box = page.getByRole("region", { name: "Try your key" });
  await box.getByRole("textbox", { name: "API key" }).fill(key);
  // Two keys of one owner and description answer the same summary, so wait for this call's own answer.
  const answered = page.waitForResponse((response) => response.url().includes("/demo/whoami"));
  await box.getByRole("button", { name: "Call /demo/whoami" }).click();
  await answered;
  return await readAnswer(steps, box, "Calling…", stepName);
}

export async function readAnswer(
  steps: Steps,
  box: Locator,
  before: string,
  stepName: string,
): Promise<WhoamiAnswer> {
  const summary = box.getByTestId("whoami-summary");
  await expect.poll(() => textOf(summary)).not.toBe(before);
  await expectText(summary, /^\d{3}: /);
  const text = await textOf(summary);
  const body = JSON.parse((await box.locator("pre").textContent()) ?? "null") as
    WhoamiSuccess | WhoamiRefusal;
  await steps.check(stepName);
  return { summary: text, status: Number(text.slice(0, 3)), body };
}

/** Opens a row's action menu with the mouse and picks an item. */
export async function chooseRowAction(row: Locator, description: string, action: string): Promise<void> {
  await row.getByRole("button", { name: `Actions for ${description}` }).click();
  await row.page().getByRole("menu").getByRole("menuitem", { name: action }).click();
}

/** Revokes with the mouse through the row's menu and the confirmation. */
export async function revokeWithMouse(steps: Steps, section: Locator, description: string): Promise<void> {
  const page = steps.page;
  const row = keyRow(section, description);
  await chooseRowAction(row, description, "Revoke");
  const confirm = page.getByRole("alertdialog", { name: "Revoke API key?" });
  await confirm.waitFor();
  await expectFocused(confirm.getByRole("button", { name: "Cancel" }), "Cancel in the revoke confirmation");
  await steps.check("revoke confirmation");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await confirm.waitFor({ state: "detached" });
  await expect.poll(() => row.getAttribute("data-state")).toBe("revoked");
  await steps.check("revoked");
}

/** The day `days` from today in the browser's time zone (UTC in these tests), as a date input wants it. */
export function dayFromToday(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}
