import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { assertChromium } from "../../e2e/support/chromium.js";
import { ROOT, run, timed } from "./apps.js";

declare module "vitest" {
  export interface ProvidedContext {
    tarball: string;
  }
}

/** Builds and packs the library once, as a user would get it from the registry. */
export default async function setup(project: TestProject) {
  assertChromium();
  const tarball = join(ROOT, "react-api-keys-0.1.0.tgz");
  await rm(tarball, { force: true });
  await timed("library build and pack", async () => {
    await run("npm", ["run", "build"], ROOT);
    await run("npm", ["pack", "--silent"], ROOT);
  });
  project.provide("tarball", tarball);
}
