// The one description of the Chromium that the e2e tests, the Storybook tests and the bench drive.
import { existsSync } from "node:fs";

/** Debian's Chromium: `npx playwright install` cannot download browsers here, the apt package can. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless on a closed network: no sandbox as root, and none of the background calls home. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Throws a sentence that says how to install Chromium when it is missing. */
export function assertChromium(purpose: string, alternative = ""): void {
  if (existsSync(CHROMIUM_PATH)) return;
  throw new Error(
    `${purpose} Chromium at ${CHROMIUM_PATH}, which is missing. ` +
      "Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at another " +
      `Chromium${alternative}.`,
  );
}
