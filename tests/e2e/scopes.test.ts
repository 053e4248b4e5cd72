import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, skipE2E } from "./support/chromium.js";
import type { Browsing } from "./support/chromium.js";
import { copyRevealedKey, keyRow, readAnswer, userSection } from "./support/flows.js";
import type { WhoamiAnswer } from "./support/flows.js";
import { Steps, openDemo, textOf } from "./support/page.js";

/** Calls one of the sample API's endpoints from "Try your key", and reads what the demo shows. */
async function callWithKey(steps: Steps, key: string, endpoint: string, stepName: string) {
  const page = steps.page;
  const box = page.getByRole("region", { name: "Try your key" });
  await box.getByRole("textbox", { name: "API key" }).fill(key);
  await box.getByRole("combobox", { name: "Endpoint" }).selectOption({ label: endpoint });
  const [method, path] = endpoint.split(" (")[0]!.split(" ");
  const answered = page.waitForResponse(
    (response) => response.url().endsWith(path!) && response.request().method() === method,
  );
  await box.getByRole("button", { name: `Call ${method} ${path}` }).click();
  await answered;
  return (await readAnswer(steps, box, "Calling…", stepName)) as WhoamiAnswer & {
    body: { missingScopes?: string[] };
  };
}

describe.skipIf(skipE2E)("a read-only key in the demo", () => {
  const baseUrl = inject("demoUrl");
  const description = "E2E scopes: notes reader";
  let browsing: Browsing;
  let page: Page;
  let steps: Steps;
  let key = "";

  beforeAll(async () => {
    browsing = await launchChromium(new URL(baseUrl).origin);
    page = await browsing.context.newPage();
    steps = new Steps(page, "scopes");
    await openDemo(page, baseUrl, "alice");
    await keyRow(userSection(page), "Alice's CLI").waitFor();
  });

  afterAll(async () => {
    await browsing?.close();
  });

  it("creates a key that may only read notes", async () => {
    await userSection(page).getByRole("button", { name: "Create API key" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByRole("textbox", { name: "Description" }).fill(description);
    await dialog.getByRole("radio", { name: "Only these" }).check();
    const notes = dialog.getByRole("group", { name: "notes" });
    await notes.getByRole("checkbox", { name: "Read notes" }).check();
    await steps.check("create dialog, only notes:read");
    await dialog.getByRole("button", { name: "Create key" }).click();
    key = await copyRevealedKey(steps);
    const row = keyRow(userSection(page), description);
    await expect.poll(() => textOf(row)).toContain("notes: read");
    expect(await row.locator('[data-slot="scopes"]').getAttribute("title")).toBe("notes:read");
    await steps.check("row with its scopes");
  });

  it("Try your key: reading notes is accepted, writing refused with the missing scope named", async () => {
    const read = await callWithKey(steps, key, "GET /demo/notes (needs notes:read)", "GET notes accepted");
    expect(read.status).toBe(200);
    expect(read.summary).toContain("the key may read notes");

    const write = await callWithKey(steps, key, "POST /demo/notes (needs notes:write)", "POST notes refused");
    expect(write.status).toBe(403);
    expect(write.summary).toContain("refused (insufficient-scope)");
    expect(write.summary).toContain("it lacks notes:write");
    expect(write.body.missingScopes).toEqual(["notes:write"]);
  });
});
