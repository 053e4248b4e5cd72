import type { Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { launchChromium } from "./chromium.js";
import type { Browsing } from "./chromium.js";
import { keyRow, userSection } from "./flows.js";
import { Steps, openDemo } from "./page.js";

export interface DemoInChromium {
  readonly baseUrl: string;
  readonly page: Page;
  readonly steps: Steps;
}

/**
 * The demo in its own Chromium for one suite: opened before its tests, signed in as Alice with her seeded key
 * painted, and closed after them. Screenshots go to artifacts/e2e/<suite>.
 */
export function demoInChromium(suite: string): DemoInChromium {
  const baseUrl = inject("demoUrl");
  let open: { browsing: Browsing; page: Page; steps: Steps } | undefined;

  beforeAll(async () => {
    const browsing = await launchChromium(new URL(baseUrl).origin);
    const page = await browsing.context.newPage();
    open = { browsing, page, steps: new Steps(page, suite) };
    await openDemo(page, baseUrl, "alice");
    await keyRow(userSection(page), "Alice's CLI").waitFor();
  });

  afterAll(async () => {
    await open?.browsing.close();
  });

  const opened = () => {
    if (!open) throw new Error("The demo opens in beforeAll; use it inside a test.");
    return open;
  };
  return {
    baseUrl,
    get page() {
      return opened().page;
    },
    get steps() {
      return opened().steps;
    },
  };
}
