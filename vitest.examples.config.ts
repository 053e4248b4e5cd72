import { defineConfig } from "vitest/config";

// The examples, installed from the packed tarball, built and driven in Chromium: minutes of npm and Next
// builds, so they run as their own CI step (`npm run test:examples`) rather than inside `npm test`.
export default defineConfig({
  test: {
    name: "examples",
    environment: "node",
    include: ["tests/examples/**/*.test.ts"],
    globalSetup: ["tests/examples/support/global-setup.ts"],
    // One app at a time: each build wants both cores.
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 15 * 60_000,
  },
});
