import { describe, expect, it } from "vitest";
import { skipE2E } from "./support/chromium.js";
import { demoInChromium } from "./support/demo.js";
import { copyRevealedKey, keyRow, readAnswer, userSection } from "./support/flows.js";
import type { WhoamiAnswer } from "./support/flows.js";
import { Steps, textOf } from "./support/page.js";

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
  const demo = demoInChromium("scopes");
  const description = "E2E scopes: notes reader";
  let key = "";

  it("creates a key that may only read notes", async () => {
    await userSection(demo.page).getByRole("button", { name: "Create API key" }).first().click();
    const dialog = demo.page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByRole("textbox", { name: "Description" }).fill(description);
    await dialog.getByRole("radio", { name: "Only these" }).check();
    const notes = dialog.getByRole("group", { name: "notes" });
    await notes.getByRole("checkbox", { name: "Read notes" }).check();
    await demo.steps.check("create dialog, only notes:read");
    await dialog.getByRole("button", { name: "Create key" }).click();
    key = await copyRevealedKey(demo.steps);
    const row = keyRow(userSection(demo.page), description);
    await expect.poll(() => textOf(row)).toContain("notes: read");
    expect(await row.locator('[data-slot="scopes"]').getAttribute("title")).toBe("notes:read");
    await demo.steps.check("row with its scopes");
  });

  it("Try your key: reading notes is accepted, writing refused with the missing scope named", async () => {
    const read = await callWithKey(
      demo.steps,
      key,
      "GET /demo/notes (needs notes:read)",
      "GET notes accepted",
    );
    expect(read.status).toBe(200);
    expect(read.summary).toContain("the key may read notes");

    const write = await callWithKey(
      demo.steps,
      key,
      "POST /demo/notes (needs notes:write)",
      "POST notes refused",
    );
    expect(write.status).toBe(403);
    expect(write.summary).toContain("refused (insufficient-scope)");
    expect(write.summary).toContain("it lacks notes:write");
    expect(write.body.missingScopes).toEqual(["notes:write"]);
  });
});
