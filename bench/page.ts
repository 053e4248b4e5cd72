// The bench page built for production and served from a loopback port, for `npm run bench` and bench/profile.ts.
import { createServer } from "node:http";
import type { Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { build } from "vite";

const benchDir = fileURLToPath(new URL("./", import.meta.url));

export async function buildBenchPage(outDir: string, { minify = true } = {}): Promise<void> {
  await build({
    configFile: false,
    root: benchDir,
    base: "./",
    logLevel: "warn",
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: "es2022", minify, reportCompressedSize: false },
  });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** The built page on a loopback port, as a static host would serve it. */
export function serveStatic(dir: string): Promise<Server> {
  const httpServer = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
    if (path.includes("..")) return void response.writeHead(400).end();
    readFile(join(dir, path === "/" ? "index.html" : path)).then(
      (body) =>
        response
          .writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(0, "127.0.0.1", () => resolve(httpServer));
  });
}
