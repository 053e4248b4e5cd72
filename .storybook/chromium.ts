import { assertChromium } from "../scripts/chromium.js";

export { CHROMIUM_ARGS, CHROMIUM_PATH } from "../scripts/chromium.js";

/** Vitest global setup for the storybook project. */
export default function assertChromiumInstalled(): void {
  assertChromium("The Storybook tests run the stories in");
}
