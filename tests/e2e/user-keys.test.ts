import { describe, expect, it } from "vitest";
import { skipE2E } from "./support/chromium.js";
import { demoInChromium } from "./support/demo.js";
import {
  createKeyWithMouse,
  dayFromToday,
  keyRow,
  revokeWithMouse,
  tryKey,
  userSection,
} from "./support/flows.js";
import type { ExpiryChoice } from "./support/flows.js";
import { textOf } from "./support/page.js";

const DAY = 86_400_000;

describe.skipIf(skipE2E)("a user's own keys, with the mouse", () => {
  const demo = demoInChromium("user-keys");

  it("opens with Alice signed in", async () => {
    await demo.steps.check("alice signed in");
  });

  const customDay = dayFromToday(10);
  const cases: { name: string; expiry: ExpiryChoice; expiresAt: (createdAt: number) => number | null }[] = [
    { name: "the default (30 days)", expiry: { preset: "default" }, expiresAt: (at) => at + 30 * DAY },
    { name: "the 1 day preset", expiry: { preset: "1 day" }, expiresAt: (at) => at + DAY },
    { name: "the 1 year preset", expiry: { preset: "1 year" }, expiresAt: (at) => at + 365 * DAY },
    { name: "Never", expiry: { preset: "Never" }, expiresAt: () => null },
    {
      name: "a custom date",
      expiry: { customDate: customDay },
      // The end of that day in the browser's time zone, which the tests set to UTC.
      expiresAt: () => Date.parse(`${customDay}T23:59:59.999Z`),
    },
  ];

  for (const [index, { name, expiry, expiresAt }] of cases.entries()) {
    describe(`when Alice creates a key that expires after ${name}`, () => {
      const description = `E2E ${index + 1}: ${name}`;
      let key = "";

      it("reveals it once, copies it, and lists it as Active", async () => {
        key = await createKeyWithMouse(demo.steps, userSection(demo.page), { description, expiry });
        const row = keyRow(userSection(demo.page), description);
        await row.waitFor();
        expect(await row.getAttribute("data-state")).toBe("active");
        expect(await textOf(row)).toContain(key.slice(-4));
      });

      it("is accepted by /demo/whoami, which names Alice as the owner", async () => {
        const answer = await tryKey(demo.steps, key, `whoami accepts ${name}`);
        expect(answer.status).toBe(200);
        expect(answer.summary).toContain("belongs to user Alice (user-alice)");
        if (!("owner" in answer.body)) throw new Error(answer.summary);
        expect(answer.body.owner).toEqual({ type: "user", userId: "user-alice" });
        const created = Date.parse(answer.body.key.createdAt);
        const expected = expiresAt(created);
        const actual = answer.body.key.expiresAt === null ? null : Date.parse(answer.body.key.expiresAt);
        if (expected === null) expect(actual).toBeNull();
        else expect(Math.abs(actual! - expected)).toBeLessThan(5 * 60_000);
      });

      it("once revoked, is refused by /demo/whoami with the reason", async () => {
        await revokeWithMouse(demo.steps, userSection(demo.page), description);
        const answer = await tryKey(demo.steps, key, `whoami refuses ${name}`);
        expect(answer.status).toBe(401);
        expect(answer.body).toMatchObject({ reason: "manually-revoked", code: "API_KEY_REVOKED" });
        expect(answer.summary).toContain("refused (manually-revoked)");
      });
    });
  }

  describe("when someone else signs in", () => {
    it("shows none of Alice's keys", async () => {
      await demo.page.getByRole("combobox", { name: "Signed in as" }).selectOption("carol");
      await userSection(demo.page).getByRole("row").filter({ hasText: "Carol's scripts" }).waitFor();
      expect(await textOf(userSection(demo.page))).not.toContain("Alice's");
      await demo.steps.check("switched to carol");
    });
  });
});
