import { existsSync } from "node:fs";

/** Debian's Chromium: `npx playwright install` cannot download browsers here, the apt package can. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Vitest global setup for the storybook project. */
export default function assertChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  throw new Error(
    `The Storybook tests run the stories in Chromium at ${CHROMIUM_PATH}, which is missing. ` +
      "Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at another Chromium.",
  );
}
