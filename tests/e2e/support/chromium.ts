import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { BrowserContext } from "playwright-core";

import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  assertChromium as assertInstalled,
} from "../../../scripts/chromium.js";

export const skipE2E = process.env.SKIP_E2E === "1";

export function assertChromium(): void {
  assertInstalled("The end-to-end tests drive", ", or skip these tests with SKIP_E2E=1");
}

export interface Browsing {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium on a fresh profile, allowed to use the clipboard on `origin`. */
export async function launchChromium(origin: string): Promise<Browsing> {
  assertChromium();
  const userDataDir = await mkdtemp(join(tmpdir(), "react-api-keys-e2e-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
    timezoneId: "UTC",
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  context.setDefaultTimeout(15_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
