import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, skipE2E } from "./support/chromium.js";
import type { Browsing } from "./support/chromium.js";
import { createKeyWithMouse, keyRow, revokeWithMouse, teamSection, tryKey } from "./support/flows.js";
import { Steps, expectText, openDemo, textOf } from "./support/page.js";

const NOT_ALLOWED = /You don't have permission to manage this team's API keys/;

describe.skipIf(skipE2E)("team keys", () => {
  const baseUrl = inject("demoUrl");
  let browsing: Browsing;
  let page: Page;
  let steps: Steps;

  beforeAll(async () => {
    browsing = await launchChromium(new URL(baseUrl).origin);
    page = await browsing.context.newPage();
    steps = new Steps(page, "team-keys");
  });

  afterAll(async () => {
    await browsing?.close();
  });

  describe("given Carol, who holds $manage_api_keys in Acme", () => {
    const description = "E2E Acme nightly export";
    let key = "";

    it("lists Acme's and Globex's keys", async () => {
      await openDemo(page, baseUrl, "carol");
      await keyRow(teamSection(page, "Acme"), "Acme deploys").waitFor();
      await keyRow(teamSection(page, "Globex"), "Globex reports").waitFor();
      await steps.check("carol's teams");
      await page.emulateMedia({ colorScheme: "dark" });
      await steps.check("carol's teams in dark mode");
      await page.emulateMedia({ colorScheme: "light" });
    });

    it("creates an Acme key that /demo/whoami reports as Acme's", async () => {
      key = await createKeyWithMouse(steps, teamSection(page, "Acme"), {
        description,
        expiry: { preset: "7 days" },
      });
      await keyRow(teamSection(page, "Acme"), description).waitFor();
      // A team's key belongs to the team, not to the person who made it.
      expect(await textOf(teamSection(page, "Globex"))).not.toContain(description);
      const answer = await tryKey(steps, key, "whoami accepts the team key");
      expect(answer.status).toBe(200);
      expect(answer.summary).toContain("belongs to team Acme (team-acme)");
      expect(answer.body).toMatchObject({ owner: { type: "team", teamId: "team-acme" } });
    });

    it("gives a curl line (here with x-api-key) that works outside the browser", async () => {
      const box = page.getByRole("region", { name: "Try your key" });
      await box.getByRole("radio", { name: "x-api-key" }).check();
      await box.getByRole("button", { name: "Copy curl command" }).click();
      await box.getByRole("status").filter({ hasText: "Copied the curl command." }).waitFor();
      const line = await page.evaluate(() => navigator.clipboard.readText());
      expect(line).toBe(`curl -H "x-api-key: ${key}" ${new URL("demo/whoami", baseUrl).href}`);
      const [, name = "", value = "", url = ""] = /^curl -H "([^:]+): ([^"]+)" (\S+)$/.exec(line) ?? [];
      const response = await fetch(url, { headers: { [name]: value } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ owner: { type: "team", teamId: "team-acme" } });
      await steps.check("curl line copied");
    });

    it("revokes it, and /demo/whoami refuses it with the reason", async () => {
      await revokeWithMouse(steps, teamSection(page, "Acme"), description);
      const answer = await tryKey(steps, key, "whoami refuses the revoked team key");
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ reason: "manually-revoked" });
    });
  });

  describe("given Bob, in Acme without $manage_api_keys", () => {
    it("says plainly that he may not manage Acme's keys, after switching from Carol without a reload", async () => {
      // Carol's cached Acme list must not leak into Bob's session.
      await page.getByRole("combobox", { name: "Signed in as" }).selectOption("bob");
      const acme = teamSection(page, "Acme");
      await expectText(acme, NOT_ALLOWED);
      expect(await acme.getByRole("row").count()).toBe(0);
      expect(await textOf(acme)).not.toContain("Acme deploys");
      await steps.check("bob not allowed in acme");
    });

    it("still has his own user panel", async () => {
      await page.reload();
      await expectText(teamSection(page, "Acme"), NOT_ALLOWED);
      await page
        .getByRole("region", { name: "Your API keys" })
        .getByRole("button", { name: "Create API key" })
        .first()
        .waitFor();
      await steps.check("bob after reload");
    });
  });
});
