// Builds one entry as the package ships it (Vite's library build, the peers left as imports) into a folder,
// for tests about what an app's bundler, Node or a browser sees of the built code.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";

const OPTIONAL_PEERS = ["@electric-sql/pglite", "pg"];

export async function buildEntry(
  source: "src/server/index.ts" | "src/client/index.ts",
  outDir: string,
): Promise<{ entry: string; code: string }> {
  await build({
    configFile: false,
    logLevel: "silent",
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      minify: false,
      lib: { entry: { index: source }, formats: ["es"] },
      rollupOptions: {
        external: [...OPTIONAL_PEERS.map((name) => new RegExp(`^${name}($|/)`)), /^node:/],
        output: { chunkFileNames: "chunks/[name]-[hash].js" },
      },
    },
  });
  const files = readdirSync(outDir, { recursive: true, encoding: "utf8" }).filter((file) =>
    file.endsWith(".js"),
  );
  return {
    entry: join(outDir, "index.js"),
    code: files.map((file) => readFileSync(join(outDir, file), "utf8")).join("\n"),
  };
}
