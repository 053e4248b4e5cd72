// An app that installed neither optional peer must still build with webpack and Turbopack (Next.js): both
// resolve every `import("…")` they see at build time, and fail on a package that is not there, unless the
// import carries their ignore comments. Those comments must survive our own build. (The examples' CI builds
// real Next.js apps; this is the cheap check that runs with every `npm test`.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEntry } from "../../support/build-entry.js";

const outDir = mkdtempSync(join(tmpdir(), "react-api-keys-server-build-"));
let code = "";

beforeAll(async () => {
  ({ code } = await buildEntry("src/server/index.ts", outDir));
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe.each(["@electric-sql/pglite", "pg"])("the built server entry's import of %s", (name) => {
  const quoted = new RegExp(`["']${name.replace(/[/.]/g, "\\$&")}["']`);

  it("is never static, so that importing the entry never needs the package", () => {
    const statics = code.match(new RegExp(`(^|\\n)\\s*(import|export)[^;(]*from\\s*${quoted.source}`, "g"));
    expect(statics).toBeNull();
  });

  it("is dynamic, and every such import tells webpack and Turbopack to leave it to Node", () => {
    const imports = [...code.matchAll(/\bimport\s*\(([^)]*)\)/g)].map((match) => match[1]!);
    const ofPeer = imports.filter((args) => quoted.test(args));
    expect(ofPeer.length).toBeGreaterThan(0);
    for (const args of ofPeer) {
      expect(args).toMatch(/\/\*\s*webpackIgnore:\s*true\s*\*\//);
      expect(args).toMatch(/\/\*\s*turbopackIgnore:\s*true\s*\*\//);
    }
  });
});
