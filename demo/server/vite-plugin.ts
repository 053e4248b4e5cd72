import type { Plugin } from "vite";
import { API_PATH } from "../../src/client/wire.js";
import type { DemoApi } from "./demo-api.js";
import { sendWebResponse, toWebRequest } from "./node-http.js";
import { WHOAMI_PATH } from "./whoami.js";

/**
 * Mounts the key service under `/api/v1` and the sample app's `/demo/whoami` on Vite's own server, so the
 * page, the key service and the app's API share one origin and one process.
 */
export function demoApiPlugin(api: DemoApi): Plugin {
  return {
    name: "react-api-keys-demo-api",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? "/").split("?")[0]!;
        const target =
          path === API_PATH || path.startsWith(`${API_PATH}/`)
            ? api.handler
            : path === WHOAMI_PATH
              ? api.whoami
              : null;
        if (!target) return next();
        const origin = `http://${req.headers.host ?? "localhost"}`;
        target(toWebRequest(req, origin))
          .then((response) => sendWebResponse(res, response))
          .catch(next);
      });
    },
  };
}
