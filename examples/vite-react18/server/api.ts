import type { IncomingMessage, ServerResponse } from "node:http";
import { createApiKeysServerClient } from "react-api-keys/client";
import {
  createApiKeysHandler,
  pgliteStore,
  sampleHandlerOptions,
  sampleProject,
} from "react-api-keys/server";
import { toNodeListener } from "react-api-keys/server/node";
import type { Connect, Plugin } from "vite";

// The sample project signs in three made-up users by token; in your app, pass your own projectId, keys
// and authenticateUser (the user id for a session token).
const handler = createApiKeysHandler(sampleHandlerOptions(pgliteStore({ dataDir: ".data/api-keys" })));
const keyServer = createApiKeysServerClient({
  handler,
  projectId: sampleProject.projectId,
  secretServerKey: sampleProject.secretServerKey,
});

/** An endpoint of your API that callers reach with a key: `Authorization: Bearer <key>`. */
async function whoami(request: Request): Promise<Response> {
  const presented = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  const key = presented ? await keyServer.checkUserApiKey(presented) : null;
  if (!key || key.type !== "user") {
    return Response.json(
      { error: "A valid API key is required." },
      { status: 401, headers: { "www-authenticate": "Bearer" } },
    );
  }
  return Response.json({ userId: key.userId, keyId: key.id });
}

const origin = (req: IncomingMessage) => `http://${req.headers.host}`;
const keyService = toNodeListener(handler, origin);
const protectedApi = toNodeListener(whoami, origin);

function api(req: IncomingMessage, res: ServerResponse, next: () => void) {
  const path = req.url ?? "";
  if (path.startsWith("/api/v1/")) keyService(req, res);
  else if (path === "/api/whoami") protectedApi(req, res);
  else next();
}

/** The key service under /api/v1 and the protected endpoint, in `vite` and in `vite preview`. */
export function apiServer(): Plugin {
  return {
    name: "api",
    configureServer: (server) => void server.middlewares.use(api as Connect.NextHandleFunction),
    configurePreviewServer: (server) => void server.middlewares.use(api as Connect.NextHandleFunction),
  };
}
