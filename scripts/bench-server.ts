// npm run bench:server — check throughput and latency over loopback, against a bare node:http server, and
// for each store with usage counting off and on, measured in alternating pairs so the machine's drift hits
// both alike.
// The load runs in a worker thread so that it does not share an event loop with the server it measures.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { createApiKeysHandler } from "../src/server/handler.js";
import { serve } from "../src/server/node.js";
import { memoryStore } from "../src/server/memory-store.js";
import { pgliteStore } from "../src/server/pglite-store.js";
import { postgresStore } from "../src/server/postgres-store.js";
import { sampleHandlerOptions, sampleProject } from "../src/server/sample.js";
import { KEYS_TABLE } from "../src/server/sql-schema.js";
import { DEFAULT_KEY_PREFIX, generateApiKey, hashApiKey } from "../src/server/key-format.js";
import { SQL } from "../src/server/sql-store.js";
import type { ApiKeyStore } from "../src/server/store.js";
import { findPostgresBin, INSTALL_HINT, startCluster, type PgCluster } from "../tests/support/pg-cluster.js";

const CONNECTIONS = [1, 16, 64];
const WARMUP_MS = 300;
// Once per server before its runs: V8 optimises PGlite's WebAssembly (and our JavaScript) in the background
// for a few seconds, and a first run measured during that would tell more about the JIT than the server.
// Set BENCH_TARGET_WARMUP_MS=0 to see a cold start.
const TARGET_WARMUP_MS = Number(process.env.BENCH_TARGET_WARMUP_MS ?? 2_000);
const MEASURE_MS = Number(process.env.BENCH_MS ?? 1_000);
// Usage off and on: short runs in many pairs, each run after a short warm-up on connections already open.
const PAIR_MS = Number(process.env.BENCH_PAIR_MS ?? 200);
const PAIR_WARMUP_MS = 50;
const MAX_REQUESTS = 200_000;
// Usage off and on are measured in pairs, this many at each connection count, in alternating order (off, on;
// on, off; ...) so drift in the machine's load hits both alike. Each pair gives one ratio; the verdict is on
// the median, and the spread shows how far a single pair could be trusted.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 16);
// The bar: with counting on, at least this share of the throughput without it.
const USAGE_TARGET = 0.9;
// BENCH_STORES=postgres (or any of memory,pglite,postgres, comma-separated) measures only those, usage off and on.
const STORES = (process.env.BENCH_STORES ?? "memory,pglite,postgres").split(",");

const CHECK_PATH = "/api/v1/user-api-keys/check";
const HEADERS = {
  "content-type": "application/json",
  "x-stack-project-id": sampleProject.projectId,
  "x-stack-access-type": "server",
  "x-stack-secret-server-key": sampleProject.secretServerKey,
};

interface Result {
  requests: number;
  failures: number;
  seconds: number;
  p50: number;
  p99: number;
}

// Plain JavaScript, evaluated in the worker, so it needs no TypeScript loader there. One worker runs every
// load in turn and keeps its keep-alive connections between them, so switching servers costs no new worker
// nor new connections, and runs can be short.
const LOAD_LOOP = `
const { parentPort } = require("node:worker_threads");
const http = require("node:http");
const agents = new Map();
parentPort.on("message", async ({ url, method, headers, body, connections, warmupMs, measureMs, maxRequests }) => {
  const agentKey = url + " " + connections;
  if (!agents.has(agentKey)) agents.set(agentKey, new http.Agent({ keepAlive: true, maxSockets: connections }));
  const agent = agents.get(agentKey);
  const target = new URL(url);
  const post = () => new Promise((resolve) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method, agent, headers },
      (res) => { res.resume(); res.on("end", () => resolve(res.statusCode === 200)); },
    );
    req.on("error", () => resolve(false));
    req.end(body);
  });
  const warmupEnd = performance.now() + warmupMs;
  let start = 0, end = 0, requests = 0, failures = 0;
  const latencies = new Float64Array(maxRequests);
  async function connection() {
    while (performance.now() < warmupEnd) await post();
    if (!start) { start = performance.now(); end = start + measureMs; }
    while (performance.now() < end && requests < maxRequests) {
      const t = performance.now();
      const ok = await post();
      latencies[requests++] = performance.now() - t;
      if (!ok) failures++;
    }
  }
  await Promise.all(Array.from({ length: connections }, connection));
  const seconds = (performance.now() - start) / 1000;
  const sorted = latencies.subarray(0, requests).sort();
  const at = (q) => sorted[Math.min(requests - 1, Math.floor(q * requests))];
  parentPort.postMessage({ requests, failures, seconds, p50: at(0.5), p99: at(0.99) });
});
`;

let loader: Worker | null = null;

/** Ends the load worker and its keep-alive connections: before a server closes, so it need not wait for them. */
async function endLoad() {
  await loader?.terminate();
  loader = null;
}

function runLoad(
  url: string,
  body: string | undefined,
  connections: number,
  warmupMs = WARMUP_MS,
  measureMs = MEASURE_MS,
): Promise<Result> {
  loader ??= new Worker(LOAD_LOOP, { eval: true });
  const worker = loader;
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    worker.once("error", fail);
    worker.once("message", (result: Result) => {
      worker.off("error", fail);
      resolve(result);
    });
    worker.postMessage({
      url,
      method: body === undefined ? "GET" : "POST",
      headers: HEADERS,
      body,
      connections,
      warmupMs,
      measureMs,
      maxRequests: MAX_REQUESTS,
    });
  });
}

/** A node:http server that reads the body and answers a constant JSON body the size of a check answer. */
async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const answer = JSON.stringify({
    id: "00000000-0000-4000-8000-000000000000",
    description: "constant",
    created_at_millis: 1_700_000_000_000,
    is_public: false,
    value: { last_four: "abcd" },
    type: "user",
    user_id: "user-alice",
  });
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Serves the handler on `store` and issues one key to check. */
async function handlerServer(store: ApiKeyStore, usage = true) {
  const handler = createApiKeysHandler(sampleHandlerOptions(store, { usage }));
  const running = await serve(handler, { port: 0, hostname: "127.0.0.1" });
  const created = await fetch(`${running.url}/api/v1/user-api-keys`, {
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify({ description: "bench", expires_at_millis: null, user_id: "user-alice" }),
  });
  if (!created.ok)
    throw new Error(`Creating the bench key failed: ${created.status} ${await created.text()}`);
  const { value } = (await created.json()) as { value: string };
  return { url: running.url, apiKey: value, close: () => running.close() };
}

interface Target {
  name: string;
  /** Bare node:http has nothing to count: it is opened once, with `usage` false. */
  open(usage: boolean): Promise<{ url: string; body: string; close(): Promise<void> }>;
}

async function postgresTarget(): Promise<Target | string> {
  let cluster: PgCluster | null = null;
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const binDir = findPostgresBin();
    if (!binDir)
      return `DATABASE_URL is not set and no PostgreSQL server binaries were found. ${INSTALL_HINT}`;
    cluster = await startCluster({ binDir });
    baseUrl = cluster.url;
  }
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  let open = 0;
  return {
    name: "postgres",
    async open(usage) {
      // A schema of its own, so a DATABASE_URL that holds real data is not written into.
      const schema = `rak_bench_${Date.now()}_${usage ? "usage" : "plain"}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      const url = new URL(baseUrl);
      url.searchParams.set("options", `-c search_path=${schema}`);
      const store = postgresStore({ connectionString: url.toString(), max: 16 });
      const server = await handlerServer(store, usage);
      open++;
      return {
        url: server.url + CHECK_PATH,
        body: JSON.stringify({ api_key: server.apiKey }),
        async close() {
          await server.close();
          await store.close();
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          if (--open > 0) return;
          await admin.end();
          await cluster?.destroy();
        },
      };
    },
  };
}

const bare: Target = {
  name: "bare node:http",
  async open() {
    const server = await bareServer();
    return { url: server.url + CHECK_PATH, body: JSON.stringify({ api_key: "x" }), close: server.close };
  },
};

// Not a target of its own: it tells how much of a check's cost is the handler and how much the store.
const memory: Target = {
  name: "memory",
  async open(usage) {
    const server = await handlerServer(memoryStore(), usage);
    return {
      url: server.url + CHECK_PATH,
      body: JSON.stringify({ api_key: server.apiKey }),
      close: server.close,
    };
  },
};

const pglite: Target = {
  name: "pglite",
  async open(usage) {
    const store = pgliteStore();
    const server = await handlerServer(store, usage);
    return {
      url: server.url + CHECK_PATH,
      body: JSON.stringify({ api_key: server.apiKey }),
      async close() {
        await server.close();
        await store.close();
      },
    };
  },
};

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(9);
const rate = (result: Result) => result.requests / result.seconds;
const cpuOf = (run: Run) => run.cpuMicros / Math.max(1, run.result.requests);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The run of median throughput, for its latencies. */
const medianRun = (runs: Run[]) =>
  [...runs].sort((a, b) => rate(a.result) - rate(b.result))[(runs.length - 1) >> 1]!;

interface Run {
  result: Result;
  /** This process's CPU (handler, PGlite, load worker) during the run, in µs. */
  cpuMicros: number;
}

async function measure(server: { url: string; body: string }, connections: number): Promise<Run> {
  const cpu = process.cpuUsage();
  const result = await runLoad(server.url, server.body, connections, PAIR_WARMUP_MS, PAIR_MS);
  const used = process.cpuUsage(cpu);
  return { result, cpuMicros: used.user + used.system };
}

interface Pairs {
  off: Run[];
  on: Run[];
  /** on ÷ off throughput of each pair. */
  ratios: number[];
  /** off ÷ on CPU per request of each pair: below 1 when counting costs CPU, less swayed by other work. */
  cpuRatios: number[];
}

async function main() {
  const started = performance.now();
  console.log(
    `check over loopback: ${TARGET_WARMUP_MS} ms warm-up per server, then usage off and on in ${ROUNDS} pairs ` +
      `of runs per connection count (${PAIR_WARMUP_MS} ms warm-up, ${PAIR_MS} ms measured each), in ` +
      `alternating order; load average at start ${load()}`,
  );
  const targets: Target[] = [memory, pglite].filter((target) => STORES.includes(target.name));
  const pgTarget = STORES.includes("postgres") ? await postgresTarget() : "not in BENCH_STORES";
  if (typeof pgTarget === "string") console.log(`PostgreSQL skipped: ${pgTarget}`);
  else targets.push(pgTarget);

  const bareRuns = new Map<number, Run[]>();
  const barely = await bare.open(false);
  try {
    for (const connections of CONNECTIONS) {
      const runs = [];
      for (let round = 0; round < 3; round++) runs.push(await measure(barely, connections));
      bareRuns.set(connections, runs);
    }
  } finally {
    await endLoad();
    await barely.close();
  }

  const pairs = new Map<string, Pairs>();
  for (const target of targets) {
    // Off and on served side by side, on stores of their own, measured in turns.
    const [off, on] = await Promise.all([target.open(false), target.open(true)]);
    try {
      if (TARGET_WARMUP_MS > 0) {
        await runLoad(off.url, off.body, 16, TARGET_WARMUP_MS, PAIR_MS);
        await runLoad(on.url, on.body, 16, TARGET_WARMUP_MS, PAIR_MS);
      }
      for (const connections of CONNECTIONS) {
        const found: Pairs = { off: [], on: [], ratios: [], cpuRatios: [] };
        for (let round = 0; round < ROUNDS; round++) {
          let offRun: Run, onRun: Run;
          if (round % 2 === 0) {
            offRun = await measure(off, connections);
            onRun = await measure(on, connections);
          } else {
            onRun = await measure(on, connections);
            offRun = await measure(off, connections);
          }
          found.off.push(offRun);
          found.on.push(onRun);
          found.ratios.push(rate(onRun.result) / rate(offRun.result));
          found.cpuRatios.push(cpuOf(offRun) / cpuOf(onRun));
        }
        pairs.set(`${target.name}/${connections}`, found);
      }
    } finally {
      await endLoad();
      await off.close();
      await on.close();
    }
  }

  console.log(
    `\n${"server".padEnd(16)}${"conns".padStart(6)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}` +
      `${"p99 ms".padStart(9)}${"x bare".padStart(9)}${"cpu µs".padStart(9)}${"errors".padStart(9)}`,
  );
  const bareRate = (connections: number) => median(bareRuns.get(connections)!.map((run) => rate(run.result)));
  const row = (name: string, connections: number, runs: Run[]) => {
    const run = medianRun(runs);
    const failures = runs.reduce((sum, each) => sum + each.result.failures, 0);
    console.log(
      `${name.padEnd(16)}${String(connections).padStart(6)}${fmt(median(runs.map((each) => rate(each.result))))}` +
        `${fmt(run.result.p50, 2)}${fmt(run.result.p99, 2)}` +
        `${fmt(median(runs.map((each) => rate(each.result))) / bareRate(connections), 2)}` +
        `${fmt(median(runs.map(cpuOf)))}${fmt(failures)}`,
    );
  };
  for (const connections of CONNECTIONS) row(bare.name, connections, bareRuns.get(connections)!);
  for (const target of targets) {
    for (const variant of ["off", "on"] as const) {
      for (const connections of CONNECTIONS) {
        row(
          `${target.name}${variant === "on" ? "+usage" : ""}`,
          connections,
          pairs.get(`${target.name}/${connections}`)![variant],
        );
      }
    }
  }
  console.log("(req/s, cpu µs per request: medians of the runs; p50, p99: of the run of median req/s)");

  const spread = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
  console.log(
    `\nusage counting, throughput on ÷ off at ${CONNECTIONS.join(" / ")} connections: median of ${ROUNDS} ` +
      `pairs [spread, min–max]; the same for CPU per request (off ÷ on); target ≥ ${USAGE_TARGET} everywhere`,
  );
  for (const target of targets) {
    const found = CONNECTIONS.map((connections) => pairs.get(`${target.name}/${connections}`)!);
    const medians = found.map((each) => median(each.ratios));
    const met = medians.every((ratio) => ratio >= USAGE_TARGET);
    console.log(
      `${met ? "✓" : "✗"} ${target.name.padEnd(9)} throughput ` +
        found.map((each, i) => `${medians[i]!.toFixed(2)} [${spread(each.ratios)}]`).join(" / ") +
        `; CPU ` +
        found.map((each) => `${median(each.cpuRatios).toFixed(2)} [${spread(each.cpuRatios)}]`).join(" / ") +
        (met ? "" : `  MISSED: below ${USAGE_TARGET} at the median`),
    );
  }

  if (pairs.has("pglite/64")) {
    const embedded = medianRun(pairs.get("pglite/64")!.off).result;
    const bare64 = medianRun(bareRuns.get(64)!).result;
    const ratio64 = rate(embedded) / bareRate(64);
    console.log(
      `\ntargets on the embedded store at 64 connections: throughput ≥ 0.5 x bare: ${ratio64.toFixed(2)} ` +
        `(${ratio64 >= 0.5 ? "met" : "missed"}); p99 < 5 ms: ${embedded.p99.toFixed(2)} ms ` +
        `(${embedded.p99 < 5 ? "met" : "missed"})`,
    );
    // Little's law: 64 connections that each wait for an answer before sending again keep 64 requests in the
    // server, so the mean latency is 64 / throughput whatever the server does with them.
    console.log(
      `at 64 connections the mean latency is 64 / throughput, so p99 < 5 ms needs over ` +
        `${(64 / 0.005).toFixed(0)} req/s; the bare server's p99 here is ${bare64.p99.toFixed(2)} ms`,
    );
  }
  console.log(
    `load average at end ${load()}; ${((performance.now() - started) / 1000).toFixed(0)} s for this part`,
  );
}

// check with many keys stored: the same check before and after 100,000 more keys (all of one owner, the shape
// that once made check walk an owner's keys) go in, and list with 1,000 keys of the listed owner. The rows are
// written straight into the database in one statement each, not through 101,000 API calls.
const MANY_KEYS = Number(process.env.BENCH_MANY_KEYS ?? 100_000);
const LISTED_KEYS = 1_000;
const LIST_PATH = "/api/v1/user-api-keys?user_id=user-alice";

const bulkRows = (
  table: string,
) => `INSERT INTO ${table} (project_id, id, type, owner_id, description, is_public,
  hash, last_four, created_at_millis)
  SELECT $1, 'bulk-' || g, 'user', CASE WHEN g <= $3 THEN 'user-alice' ELSE 'user-bulk' END, 'bulk', false,
    md5(g::text) || md5((g + 1)::text), 'abcd', 1700000000000 + g
  FROM generate_series(1, $2) g`;

type Query = (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;

/**
 * Buffer pages check's statement reads for the bench key, from EXPLAIN (ANALYZE, BUFFERS) in a transaction
 * that is rolled back: a count that load on the machine cannot blur, unlike the timings.
 */
async function pagesTouched(query: Query, apiKey: string): Promise<number> {
  await query("BEGIN");
  try {
    const params = [sampleProject.projectId, await hashApiKey(apiKey), "user", Date.now()];
    const { rows } = await query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${SQL.markUsedByHash}`, params);
    const raw = (rows[0] as { "QUERY PLAN": unknown })["QUERY PLAN"];
    const [{ Plan: plan }] = (typeof raw === "string" ? JSON.parse(raw) : raw) as [
      { Plan: Record<string, number> },
    ];
    return (plan["Shared Hit Blocks"] ?? 0) + (plan["Shared Read Blocks"] ?? 0);
  } finally {
    await query("ROLLBACK");
  }
}

interface ManyKeysTarget {
  name: string;
  /**
   * Serves a store holding one key (whose string it answers), then `fill` adds the bulk and serves again,
   * answering the pages check's statement read before and after, where there is SQL to ask.
   */
  open(): Promise<{
    url: string;
    apiKey: string;
    fill(): Promise<{ url: string; pages?: [number, number] }>;
    close(): Promise<void>;
  }>;
}

const memoryMany: ManyKeysTarget = {
  name: "memory",
  async open() {
    const store = memoryStore();
    const server = await handlerServer(store);
    return {
      url: server.url,
      apiKey: server.apiKey,
      async fill() {
        for (let g = 1; g <= MANY_KEYS + LISTED_KEYS; g++) {
          await store.insert({
            id: `bulk-${g}`,
            projectId: sampleProject.projectId,
            type: "user",
            ownerId: g <= LISTED_KEYS ? "user-alice" : "user-bulk",
            description: "bulk",
            isPublic: false,
            hash: g.toString(16).padStart(64, "0"),
            lastFour: "abcd",
            createdAtMillis: 1_700_000_000_000 + g,
            expiresAtMillis: null,
            revokedAtMillis: null,
            lastUsedAtMillis: null,
          });
        }
        return { url: server.url };
      },
      close: server.close,
    };
  },
};

// PGlite's database belongs to its store, so the rows go in between two stores on the same folder: the
// second one starts on a table that has never had statistics, as every PGlite database.
const pgliteMany: ManyKeysTarget = {
  name: "pglite",
  async open() {
    const dataDir = mkdtempSync(join(tmpdir(), "react-api-keys-bench-"));
    let store = pgliteStore({ dataDir });
    let server = await handlerServer(store);
    return {
      url: server.url,
      apiKey: server.apiKey,
      async fill() {
        await server.close();
        await store.close();
        const { PGlite } = await import("@electric-sql/pglite");
        const db = await PGlite.create(dataDir);
        const query: Query = (text, params) => db.query(text, params);
        const before = await pagesTouched(query, server.apiKey);
        await db.query(bulkRows(KEYS_TABLE), [sampleProject.projectId, MANY_KEYS + LISTED_KEYS, LISTED_KEYS]);
        const after = await pagesTouched(query, server.apiKey);
        await db.close();
        store = pgliteStore({ dataDir });
        const running = await serve(createApiKeysHandler(sampleHandlerOptions(store)), {
          port: 0,
          hostname: "127.0.0.1",
        });
        server = { ...server, url: running.url, close: () => running.close() };
        return { url: running.url, pages: [before, after] };
      },
      async close() {
        await server.close();
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

async function postgresMany(): Promise<ManyKeysTarget | string> {
  let cluster: PgCluster | null = null;
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const binDir = findPostgresBin();
    if (!binDir) return `no PostgreSQL: ${INSTALL_HINT}`;
    cluster = await startCluster({ binDir });
    baseUrl = cluster.url;
  }
  const schema = `rak_bench_many_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    name: "postgres",
    async open() {
      const store = postgresStore({ connectionString: url.toString(), max: 16 });
      const server = await handlerServer(store);
      // The running server keeps its connections and their prepared statements, as a deployment would.
      return {
        url: server.url,
        apiKey: server.apiKey,
        async fill() {
          await admin.query(`SET search_path = ${schema}`);
          // Autovacuum would gather statistics within a minute; the point is to do without them.
          await admin.query(`ALTER TABLE ${KEYS_TABLE} SET (autovacuum_enabled = false)`);
          const query: Query = (text, params) => admin.query(text, params);
          const before = await pagesTouched(query, server.apiKey);
          await admin.query(bulkRows(KEYS_TABLE), [
            sampleProject.projectId,
            MANY_KEYS + LISTED_KEYS,
            LISTED_KEYS,
          ]);
          const after = await pagesTouched(query, server.apiKey);
          return { url: server.url, pages: [before, after] };
        },
        async close() {
          await server.close();
          await store.close();
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
          await cluster?.destroy();
        },
      };
    },
  };
}

async function manyKeys() {
  console.log(
    `\ncheck with 1 key stored, then with ${MANY_KEYS} more (one owner's) and list with ${LISTED_KEYS} keys ` +
      `of the listed owner; no table statistics`,
  );
  const targets: ManyKeysTarget[] = [memoryMany, pgliteMany];
  const pgTarget = await postgresMany();
  if (typeof pgTarget === "string") console.log(`PostgreSQL skipped: ${pgTarget}`);
  else targets.push(pgTarget);

  console.log(
    `\n${"store".padEnd(10)}${"call".padEnd(14)}${"conns".padStart(6)}${"req/s".padStart(9)}` +
      `${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"errors".padStart(8)}`,
  );
  const row = (store: string, call: string, connections: number, result: Result) =>
    console.log(
      `${store.padEnd(10)}${call.padEnd(14)}${String(connections).padStart(6)}` +
        `${fmt(result.requests / result.seconds)}${fmt(result.p50, 2)}${fmt(result.p99, 2)}` +
        `${String(result.failures).padStart(8)}`,
    );
  const ratios: string[] = [];
  const pageCounts: string[] = [];
  for (const target of targets) {
    const opened = await target.open();
    try {
      const body = JSON.stringify({ api_key: opened.apiKey });
      await runLoad(opened.url + CHECK_PATH, body, 16, TARGET_WARMUP_MS);
      const one = await runLoad(opened.url + CHECK_PATH, body, 1);
      row(target.name, "check, 1 key", 1, one);
      const { url, pages } = await opened.fill();
      if (pages) pageCounts.push(`${target.name} ${pages[0]} -> ${pages[1]}`);
      await runLoad(url + CHECK_PATH, body, 16, TARGET_WARMUP_MS);
      const many = await runLoad(url + CHECK_PATH, body, 1);
      row(target.name, `check, ${MANY_KEYS / 1000}k`, 1, many);
      const unknown = await runLoad(
        url + CHECK_PATH,
        JSON.stringify({ api_key: generateApiKey({ prefix: DEFAULT_KEY_PREFIX, isPublic: false }) }),
        1,
      );
      row(target.name, `unknown, ${MANY_KEYS / 1000}k`, 1, { ...unknown, failures: 0 });
      const list = await runLoad(url + LIST_PATH, undefined, 1);
      row(target.name, `list ${LISTED_KEYS}`, 1, list);
      ratios.push(`${target.name} ${(many.p50 / one.p50).toFixed(2)}x`);
    } finally {
      await endLoad();
      await opened.close();
    }
  }
  console.log(`\ncheck p50 with ${MANY_KEYS} keys / with 1 key (target at most 1.5x): ${ratios.join(", ")}`);
  console.log(`buffer pages check's statement reads, 1 key -> ${MANY_KEYS} more: ${pageCounts.join(", ")}`);
}

const began = performance.now();
if (process.env.BENCH_ONLY !== "many-keys") await main();
if (process.env.BENCH_ONLY !== "usage") await manyKeys();
console.log(
  `\nbench:server took ${((performance.now() - began) / 1000).toFixed(0)} s; load average ${load()}`,
);
