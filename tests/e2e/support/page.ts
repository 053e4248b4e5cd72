import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

const ARTIFACTS = fileURLToPath(new URL("../../../artifacts/e2e/", import.meta.url));

/** Numbers each suite's screenshots in the order its steps ran. */
export class Steps {
  private count = 0;
  constructor(
    readonly page: Page,
    private readonly suite: string,
  ) {}

  /** A named step: the page must pass axe with zero violations, and a screenshot is kept as an artifact. */
  async check(name: string): Promise<void> {
    this.count += 1;
    const dir = join(ARTIFACTS, this.suite);
    // Start each run's folder empty, so no screenshot from an older run passes for this one's.
    if (this.count === 1) await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${String(this.count).padStart(2, "0")}-${slug(name)}.png`);
    await this.page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
    await expectNoAxeViolations(this.page, `${this.suite} / ${name}`);
  }
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const hasAxe = await page.evaluate(() => "axe" in window);
  if (!hasAxe) await page.addScriptTag({ content: axe.source });
  // Only for a local look past a known violation; CI runs every rule.
  const disabled = (process.env.E2E_AXE_DISABLE_RULES ?? "").split(",").filter(Boolean);
  const violations = await page.evaluate(async (disabledRules) => {
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ["violations"],
      rules: Object.fromEntries(disabledRules.map((rule) => [rule, { enabled: false }])),
    });
    return violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(" ")}: ${node.failureSummary}`),
    }));
  }, disabled);
  expect(violations, `axe violations at "${where}"`).toEqual([]);
}

export async function openDemo(page: Page, baseUrl: string, as: "alice" | "bob" | "carol"): Promise<void> {
  await page.goto(new URL(`?as=${as}`, baseUrl).href);
  await page.getByRole("heading", { name: "react-api-keys demo", level: 1 }).waitFor();
}

/** Presses Tab (or Shift+Tab) until `target` has focus: how a keyboard user gets anywhere. */
export async function tabTo(
  page: Page,
  target: Locator,
  { backwards = false, max = 80 } = {},
): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < max; presses++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${max} presses of ${backwards ? "Shift+Tab" : "Tab"} did not reach ${target}`);
}

const hasFocus = (target: Locator) =>
  target
    .evaluate((element) => element === document.activeElement, undefined, { timeout: 1_000 })
    .catch(() => false);

export async function expectFocused(target: Locator, what: string): Promise<void> {
  await expect
    .poll(() => hasFocus(target), {
      message: `${what} should have focus`,
    })
    .toBe(true);
}

export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** Waits until the locator's text matches. */
export async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await expect.poll(() => textOf(locator), { timeout: 10_000 }).toMatch(pattern);
}
