import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { createServer } from "vite";
import type { LogLevel, ViteDevServer } from "vite";
import { createDemoApi } from "./demo-api.js";
import type { DemoApi } from "./demo-api.js";
import { demoApiPlugin } from "./vite-plugin.js";

const DEMO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface DemoServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Folder of the embedded database; `null` keeps it in memory. */
  dataDir: string | null;
  seed?: boolean;
  logLevel?: LogLevel;
  /** Vite's dependency cache; give concurrent servers (tests next to `npm run dev`) their own. */
  cacheDir?: string;
}

export interface DemoServer {
  /** The page's address, ending in `/`. */
  url: string;
  vite: ViteDevServer;
  api: DemoApi;
  close(): Promise<void>;
}

/** One process: Vite serving the demo page, with the key service and the sample API on the same origin. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  if (options.dataDir !== null) await mkdir(options.dataDir, { recursive: true });
  const api = await createDemoApi({
    dataDir: options.dataDir,
    seed: options.seed ?? true,
    onError: (error) => console.error("[demo api]", error),
  });
  let vite: ViteDevServer;
  try {
    vite = await createServer({
      configFile: false,
      root: DEMO_ROOT,
      logLevel: options.logLevel ?? "info",
      clearScreen: false,
      cacheDir: options.cacheDir ?? `${REPO_ROOT}node_modules/.vite-demo`,
      plugins: [react(), demoApiPlugin(api)],
      server: {
        host: options.host ?? "127.0.0.1",
        port: options.port ?? 5173,
        strictPort: false,
        fs: { allow: [REPO_ROOT] },
      },
      // Known up front, so the first page load does not discover them and reload the page mid-test.
      optimizeDeps: {
        include: [
          "react",
          "react-dom/client",
          "react/jsx-dev-runtime",
          "@tanstack/react-query",
          "@radix-ui/react-dialog",
          "@radix-ui/react-tabs",
        ],
      },
    });
    await vite.listen();
  } catch (error) {
    await api.close();
    throw error;
  }
  const url = vite.resolvedUrls?.local[0];
  if (!url) throw new Error("Vite did not report the address it listens on.");
  return {
    url,
    vite,
    api,
    async close() {
      await vite.close();
      await api.close();
    },
  };
}
