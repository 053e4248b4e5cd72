import { fileURLToPath } from "node:url";
import { startDemoServer } from "../demo/server/start.js";

const dataDir = fileURLToPath(new URL("../.data/demo", import.meta.url));
const port = process.env.PORT ? Number(process.env.PORT) : 5173;

const server = await startDemoServer({ port, dataDir });
const whoami = new URL("demo/whoami", server.url);
console.log(`
  react-api-keys demo   ${server.url}
  key service           ${new URL("api/v1", server.url)}
  sample protected API  curl -H "Authorization: Bearer <your key>" ${whoami}
  database              ${dataDir} (delete it to start over)
`);

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
