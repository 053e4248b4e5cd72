import { fileURLToPath } from "node:url";
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import type { TestProjectInlineConfiguration } from "vitest/config";

import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.js";

/**
 * Every story as a test, in headless Chromium: it renders, its play function passes, and axe finds no
 * violation (`a11y.test: "error"` in preview.tsx). Its own Vite config comes from .storybook/main.ts,
 * not from the package build, so this project does not extend the root config.
 */
export const storybookProject: TestProjectInlineConfiguration = {
  plugins: [storybookTest({ configDir: fileURLToPath(new URL(".", import.meta.url)) })],
  test: {
    name: "storybook",
    // Says how to install Chromium when it is missing, before the browser provider fails less clearly.
    globalSetup: [fileURLToPath(new URL("./chromium.ts", import.meta.url))],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
        },
        contextOptions: {
          locale: "en-GB",
          timezoneId: "UTC",
          reducedMotion: "reduce",
          permissions: ["clipboard-read", "clipboard-write"],
        },
      }),
      instances: [{ browser: "chromium" }],
      screenshotFailures: false,
    },
  },
};
