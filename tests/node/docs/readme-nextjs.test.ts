import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const root = new URL("../../../", import.meta.url);

/** The code blocks of the README's Next.js section that start with a `// path` line, by that path. */
async function readmeFiles(): Promise<Map<string, string>> {
  const readme = await readFile(new URL("README.md", root), "utf8");
  const start = readme.indexOf("\n## Next.js (App Router)\n");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const files = new Map<string, string>();
  for (const [, body] of section.matchAll(/^```tsx?\n([\s\S]*?)^```$/gm)) {
    const path = /^\/\/ (\S+)\n/.exec(body!)?.[1];
    if (path) files.set(path, body!);
  }
  return files;
}

describe("the README's Next.js section", () => {
  it("is the tested example, file for file", async () => {
    const files = await readmeFiles();
    expect([...files.keys()].sort()).toEqual([
      "app/api/v1/[...path]/route.ts",
      "app/api/whoami/route.ts",
      "app/page.tsx",
      "lib/api-keys.ts",
      "lib/session.ts",
    ]);
    for (const [path, body] of files) {
      expect(body, path).toBe(await readFile(new URL(`examples/nextjs/${path}`, root), "utf8"));
    }
  });
});
