// `npm run server`: the reference server with the sample project, for trying the panels and the client by hand.
// Keys persist in .data/server (embedded PostgreSQL); delete the folder to start over.
import { mkdirSync } from "node:fs";
import {
  createApiKeysHandler,
  sampleHandlerOptions,
  sampleProject,
  sampleUsers,
} from "../src/server/index.js";
import { serve } from "../src/server/node.js";
import { pgliteStore } from "../src/server/pglite-store.js";
import { seedSampleKeys } from "../src/server/sample.js";

const port = Number(process.env.PORT ?? 8787);
// PGlite makes only the last folder of the path.
mkdirSync(".data", { recursive: true });
const store = pgliteStore({ dataDir: ".data/server" });
await store.ready();
const handler = createApiKeysHandler(
  sampleHandlerOptions(store, { onError: (error) => console.error(error) }),
);
const server = await serve(handler, { port });
const api = `${server.url}/api/v1`;

// Alice always gets keys from the seed, so none for her means this database has not been seeded yet.
if ((await store.list(sampleProject.projectId, "user", sampleUsers.alice.id)).length === 0) {
  // The seeded keys' whole values are dropped here: a key is shown once, to whoever created it.
  await seedSampleKeys(handler, api);
}

const project = `-H 'x-stack-project-id: ${sampleProject.projectId}'`;
const asAlice = `${project} -H 'x-stack-access-type: client' -H 'x-stack-publishable-client-key: ${sampleProject.publishableClientKey}' -H 'x-stack-access-token: ${sampleUsers.alice.accessToken}'`;
const asServer = `${project} -H 'x-stack-access-type: server' -H 'x-stack-secret-server-key: ${sampleProject.secretServerKey}'`;
const json = `-H 'content-type: application/json'`;

console.log(`react-api-keys reference server on ${api}

Users: ${Object.entries(sampleUsers)
  .map(([name, user]) => `${name} (token ${user.accessToken})`)
  .join(", ")}

# alice lists her keys
curl -s '${api}/user-api-keys?user_id=me' ${asAlice}

# alice creates a key: its "value" is the whole key, shown in this answer only
API_KEY=$(curl -s -X POST '${api}/user-api-keys' ${asAlice} ${json} -d '{"user_id":"me","description":"From curl","expires_at_millis":null}' | sed -E 's/.*"value":"([^"]+)".*/\\1/')

# your backend checks a key
curl -s -X POST '${api}/user-api-keys/check' ${asServer} ${json} -d "{\\"api_key\\":\\"$API_KEY\\"}"
`);

const stop = async () => {
  await server.close();
  await store.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
