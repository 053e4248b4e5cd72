// A store whose optional peer is not installed: the real missing-module path, i.e. the server entry as built,
// run by Node from a folder where neither @electric-sql/pglite nor pg can be found.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEntry } from "../../support/build-entry.js";

const outDir = mkdtempSync(join(tmpdir(), "react-api-keys-no-peers-"));
let entry = "";

beforeAll(async () => {
  ({ entry } = await buildEntry("src/server/index.ts", outDir));
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

// Three requests through a handler over the store, then ready(): what each answered, what onError heard.
const script = `
const server = await import(process.argv[1]);
const store = process.argv[2] === "pg"
  ? server.postgresStore({ connectionString: "postgres://nobody@127.0.0.1:1/none" })
  : server.pgliteStore();
const heard = [];
const handler = server.createApiKeysHandler(
  server.sampleHandlerOptions(store, { onError: (error) => heard.push(error.message) }),
);
const answers = [];
for (let i = 0; i < 3; i++) {
  const response = await handler(new Request("http://localhost/api/v1/user-api-keys?user_id=me", {
    headers: {
      "x-stack-access-type": "client",
      "x-stack-project-id": server.sampleProject.projectId,
      "x-stack-publishable-client-key": server.sampleProject.publishableClientKey,
      "x-stack-access-token": server.sampleUsers.alice.accessToken,
    },
  }));
  answers.push({ status: response.status, body: await response.json() });
}
const ready = await store.ready().then(() => "started", (error) => error.message);
console.log(JSON.stringify({ answers, heard, ready }));
`;

async function run(peer: string) {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ["--input-type=module", "-e", script, entry, peer],
    { cwd: outDir },
  );
  return { ...(JSON.parse(stdout) as Outcome), stderr };
}

interface Outcome {
  answers: { status: number; body: { code: string } }[];
  heard: string[];
  ready: string;
}

describe.each([
  ["@electric-sql/pglite", "pglite"],
  ["pg", "pg"],
])("given %s is not installed", (name, peer) => {
  const install = `npm install ${name}`;

  it("cannot be found from the built entry (so the test is real)", () => {
    expect(() => createRequire(entry).resolve(name)).toThrow(/Cannot find module/);
  });

  it("answers 503 STORE_UNAVAILABLE, tells onError why on each request, and logs it once", async () => {
    const { answers, heard, ready, stderr } = await run(peer);
    expect(answers).toEqual(
      Array(3).fill({ status: 503, body: expect.objectContaining({ code: "STORE_UNAVAILABLE" }) }),
    );
    expect(heard).toHaveLength(3);
    for (const message of heard) expect(message).toContain(`the package ${name} is not installed`);
    for (const message of heard) expect(message).toContain(install);
    expect(ready).toContain(install);
    expect(stderr.split(install).length - 1).toBe(1);
  });
});
