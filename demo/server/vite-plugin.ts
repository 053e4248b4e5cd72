import type { Plugin } from "vite";
import { API_PATH } from "../../src/client/wire.js";
import type { DemoApi } from "./demo-api.js";
import { toNodeListener } from "../../src/server/node.js";
import { LEAK_REPORT_PATH } from "./leak-report.js";
import { NOTES_PATH } from "./notes.js";
import { WHOAMI_PATH } from "./whoami.js";

/**
 * Mounts the key service under `/api/v1` and the sample app's `/demo/whoami` and `/demo/notes` on Vite's own server, so the
 * page, the key service and the app's API share one origin and one process.
 */
export function demoApiPlugin(api: DemoApi): Plugin {
  return {
    name: "react-api-keys-demo-api",
    apply: "serve",
    configureServer(server) {
      // Vite listens on its own; the Host header names the origin the page was loaded from.
      const origin = (req: { headers: { host?: string } }) => `http://${req.headers.host ?? "localhost"}`;
      const keyService = toNodeListener(api.handler, origin);
      const whoami = toNodeListener(api.whoami, origin);
      const notes = toNodeListener(api.notes, origin);
      const leakReport = toNodeListener(api.leakReport, origin);
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? "/").split("?")[0]!;
        const target =
          path === API_PATH || path.startsWith(`${API_PATH}/`)
            ? keyService
            : path === WHOAMI_PATH
              ? whoami
              : path === NOTES_PATH
                ? notes
                : path === LEAK_REPORT_PATH
                  ? leakReport
                  : null;
        if (!target) return next();
        target(req, res);
      });
    },
  };
}
