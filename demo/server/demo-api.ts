import { createApiKeysServerClient } from "../../src/client/index.js";
import type { ApiKeysServerClient } from "../../src/client/index.js";
import { createApiKeysHandler, flushApiKeyUsage } from "../../src/server/handler.js";
import type { ApiKeysHandler } from "../../src/server/handler.js";
import { pgliteStore } from "../../src/server/pglite-store.js";
import { sampleHandlerOptions, sampleProject, sampleUsers, seedSampleKeys } from "../../src/server/sample.js";
import type { SqlApiKeyStore } from "../../src/server/sql-store.js";
import { startLocalScanner } from "./github-scanner.js";
import { createLeakReport } from "./leak-report.js";
import { DEMO_SCOPES, createNotes } from "./notes.js";
import { createWhoami } from "./whoami.js";

export interface DemoApiOptions {
  /** Where the embedded database keeps its files; `null` keeps it in memory for this process only. */
  dataDir: string | null;
  /** Create the sample keys when the database holds none yet. Default true. */
  seed?: boolean;
  onError?: (error: unknown) => void;
}

export interface DemoApi {
  /** The reference server: the key service the panels talk to. */
  handler: ApiKeysHandler;
  /** The sample app's protected endpoint, which asks the key service through the server client. */
  whoami: (request: Request) => Promise<Response>;
  /** GET needs a key with `notes:read`, POST one with `notes:write`. */
  notes: (request: Request) => Promise<Response>;
  /** Plays GitHub's secret scanning: reports the posted key as found in public (see leak-report.ts). */
  leakReport: (request: Request) => Promise<Response>;
  serverClient: ApiKeysServerClient;
  close(): Promise<void>;
}

// The server client talks to the handler in this process; the origin only has to parse as a URL.
const IN_PROCESS_ORIGIN = "http://key-service.internal";

export async function createDemoApi({ dataDir, seed = true, onError }: DemoApiOptions): Promise<DemoApi> {
  const store: SqlApiKeyStore = pgliteStore(dataDir === null ? {} : { dataDir });
  await store.ready();
  // GitHub's public keys are never fetched: the demo's own stand-in serves its keys on loopback.
  const scanner = await startLocalScanner();
  const handler = createApiKeysHandler(
    sampleHandlerOptions(store, {
      scopes: DEMO_SCOPES,
      secretScanning: { publicKeysUrl: scanner.url },
      ...(onError ? { onError } : {}),
    }),
  );
  const serverClient = createApiKeysServerClient({
    baseUrl: IN_PROCESS_ORIGIN,
    projectId: sampleProject.projectId,
    secretServerKey: sampleProject.secretServerKey,
    fetch: (input, init) => handler(new Request(input, init)),
  });
  if (seed && (await isEmpty(serverClient))) await seedSampleKeys(handler, `${IN_PROCESS_ORIGIN}/api/v1`);
  // Usage is on by default, so each whoami shows in the key's usage; close writes what is still in memory.
  const close = async () => {
    await flushApiKeyUsage(handler);
    await store.close();
    await scanner.close();
  };
  return {
    handler,
    whoami: createWhoami(serverClient),
    notes: createNotes(serverClient),
    leakReport: createLeakReport(handler, scanner),
    serverClient,
    close,
  };
}

async function isEmpty(client: ApiKeysServerClient): Promise<boolean> {
  // Alice always gets keys from the seed, so none for her means the seed has not run on this database.
  return (await client.user(sampleUsers.alice.id).listApiKeys()).length === 0;
}
