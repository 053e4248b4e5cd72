import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { BrowserContext } from "playwright-core";

/** Debian's Chromium: `npx playwright install` cannot download browsers here, the apt package can. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const skipE2E = process.env.SKIP_E2E === "1";

export function assertChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  throw new Error(
    `The end-to-end tests drive Chromium at ${CHROMIUM_PATH}, which is missing. ` +
      "Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), point CHROMIUM_PATH at another " +
      "Chromium, or skip these tests with SKIP_E2E=1.",
  );
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
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
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
