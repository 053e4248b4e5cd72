import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startDemoServer } from "../../../demo/server/start.js";
import { assertChromium, skipE2E } from "./chromium.js";

declare module "vitest" {
  export interface ProvidedContext {
    demoUrl: string;
  }
}

/** One demo server for every e2e file: the same `startDemoServer` as `npm run dev`, on a free port. */
export default async function setup(project: TestProject) {
  if (skipE2E) {
    project.provide("demoUrl", "");
    return;
  }
  assertChromium();
  const scratch = await mkdtemp(join(tmpdir(), "react-api-keys-demo-"));
  const server = await startDemoServer({
    port: 0,
    dataDir: join(scratch, "db"),
    cacheDir: join(scratch, "vite"),
    logLevel: "warn",
  });
  project.provide("demoUrl", server.url);
  return async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  };
}
