// lib/api-keys.ts
import { createApiKeysServerClient } from "react-api-keys/client";
import {
  createApiKeysHandler,
  pgliteStore,
  sampleHandlerOptions,
  sampleProject,
} from "react-api-keys/server";
import type { ApiKeysHandler } from "react-api-keys/server";

// One handler per process: `next dev` evaluates modules again after an edit, and a second store on the
// same folder would be refused.
const shared = globalThis as { apiKeysHandler?: ApiKeysHandler };

// The sample project signs in three made-up users by token; in your app, pass your own projectId, keys
// and authenticateUser (the user id for a session token).
export const apiKeysHandler = (shared.apiKeysHandler ??= createApiKeysHandler(
  sampleHandlerOptions(pgliteStore({ dataDir: ".data/api-keys" })),
));

// Your server's view of the key service: the handler in this process, no network.
export const keyServer = createApiKeysServerClient({
  handler: apiKeysHandler,
  projectId: sampleProject.projectId,
  secretServerKey: sampleProject.secretServerKey,
});
