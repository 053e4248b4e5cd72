import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Every console error or warning and every uncaught error the page logs, hydration errors included. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

/** Reloads and answers how many requests the page sent to the key service while it loaded and hydrated. */
/**
 * Reloads the page and answers the key service's paths it asked for until the panel is ready. The usage
 * charts' one request follows the rows' first paint by design, so it is answered apart.
 */
export async function reloadCountingKeyRequests(page: Page): Promise<{ list: string[]; usage: number }> {
  const list: string[] = [];
  let usage = 0;
  const onRequest = (request: { url(): string }) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith("-api-keys/usage")) usage += 1;
    else if (path.startsWith("/api/v1/")) list.push(path);
  };
  page.on("request", onRequest);
  await page.reload({ waitUntil: "networkidle" });
  await createButton(page).waitFor();
  page.off("request", onRequest);
  return { list, usage };
}

const createButton = (page: Page) => page.getByRole("button", { name: "Create API key" }).first();

export const keyRow = (page: Page, description: string) =>
  page.getByRole("row").filter({ has: page.getByText(description, { exact: true }) });

/** Creates a key in the panel, copies it from the one-time reveal, and answers what the clipboard holds. */
export async function createAndCopyKey(page: Page, description: string): Promise<string> {
  await page.locator('[data-slot="api-key-table"]:not([data-state="loading"])').waitFor();
  await createButton(page).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByRole("textbox", { name: "Description" }).fill(description);
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your new API key" });
  const shown = await reveal.getByRole("textbox", { name: "Your API key" }).inputValue();
  expect(shown).toMatch(/^rak_sk_[0-9A-Za-z]{39}$/);
  await reveal.getByRole("button", { name: "Copy" }).click();
  await reveal
    .getByRole("status")
    .filter({ hasText: /^Copied$/ })
    .waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  await reveal.getByRole("button", { name: "Done" }).click();
  await reveal.waitFor({ state: "detached" });
  await keyRow(page, description).waitFor();
  return copied;
}

export async function revokeKey(page: Page, description: string): Promise<void> {
  const row = keyRow(page, description);
  await row.getByRole("button", { name: `Actions for ${description}` }).click();
  await page.getByRole("menu").getByRole("menuitem", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke API key?" });
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await confirm.waitFor({ state: "detached" });
  await expect.poll(() => row.getAttribute("data-state")).toBe("revoked");
}

/** What a script holding the key sees from the app's protected route. */
export async function callProtected(
  baseUrl: string,
  key: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL("/api/whoami", baseUrl), {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: response.status, body: await response.json() };
}
