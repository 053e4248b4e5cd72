import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
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
    const file = join(ARTIFACTS, this.suite, `${String(this.count).padStart(2, "0")}-${slug(name)}.png`);
    await mkdir(dirname(file), { recursive: true });
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
  const violations = await page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(" ")}: ${node.failureSummary}`),
    }));
  });
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
  for (let presses = 0; presses < max; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${max} presses of ${backwards ? "Shift+Tab" : "Tab"} did not reach ${target}`);
}

export async function expectFocused(target: Locator, what: string): Promise<void> {
  await expect
    .poll(() => target.evaluate((element) => element === document.activeElement).catch(() => false), {
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
