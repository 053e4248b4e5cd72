// npm run bench:server — check throughput and latency over loopback, against a bare node:http server, and
// for each store with usage counting off and on, run in turns so the machine's drift hits both alike.
// The load runs in a worker thread so that it does not share an event loop with the server it measures.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
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
// Once per server before its three runs: V8 optimises PGlite's WebAssembly (and our JavaScript) in the
// background for a few seconds, and a first run measured during that would tell more about the JIT than the
// server. Set BENCH_TARGET_WARMUP_MS=0 to see a cold start.
const TARGET_WARMUP_MS = Number(process.env.BENCH_TARGET_WARMUP_MS ?? 3_000);
const MEASURE_MS = Number(process.env.BENCH_MS ?? 2_000);
const MAX_REQUESTS = 200_000;
// Off and on take turns this many times at each connection count; the best run of each is kept, since on a
// shared machine other work only ever slows a run down.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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

// Plain JavaScript, evaluated in the worker, so it needs no TypeScript loader there.
const LOAD_LOOP = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { url, method, headers, body, connections, warmupMs, measureMs, maxRequests } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url);
const post = () => new Promise((resolve) => {
  const req = http.request(
    { host: target.hostname, port: target.port, path: target.pathname + target.search, method, agent, headers },
    (res) => { res.resume(); res.on("end", () => resolve(res.statusCode === 200)); },
  );
  req.on("error", () => resolve(false));
  req.end(body);
});
(async () => {
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
  agent.destroy();
  const sorted = latencies.subarray(0, requests).sort();
  const at = (q) => sorted[Math.min(requests - 1, Math.floor(q * requests))];
  parentPort.postMessage({ requests, failures, seconds, p50: at(0.5), p99: at(0.99) });
})();
`;

function runLoad(
  url: string,
  body: string | undefined,
  connections: number,
  warmupMs = WARMUP_MS,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_LOOP, {
      eval: true,
      workerData: {
        url,
        method: body === undefined ? "GET" : "POST",
        headers: HEADERS,
        body,
        connections,
        warmupMs,
        measureMs: MEASURE_MS,
        maxRequests: MAX_REQUESTS,
      },
    });
    worker.once("message", resolve);
    worker.once("error", reject);
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

async function main() {
  console.log(
    `check over loopback: ${TARGET_WARMUP_MS} ms warm-up per server, then per run ${WARMUP_MS} ms warm-up and ` +
      `${MEASURE_MS} ms or ${MAX_REQUESTS} requests; usage off and on in turns, best of ${ROUNDS}`,
  );
  const targets: Target[] = [bare, memory, pglite];
  const pgTarget = await postgresTarget();
  if (typeof pgTarget === "string") console.log(`PostgreSQL skipped: ${pgTarget}`);
  else targets.push(pgTarget);

  const results = new Map<string, Result>();
  const cpuPerRequest = new Map<string, number>();
  for (const target of targets) {
    // Off and on served side by side, measured in turns at each connection count.
    const variants = target === bare ? [false] : [false, true];
    const opened = await Promise.all(variants.map((usage) => target.open(usage)));
    try {
      for (const server of opened) {
        if (TARGET_WARMUP_MS > 0) await runLoad(server.url, server.body, 16, TARGET_WARMUP_MS);
      }
      for (const connections of CONNECTIONS) {
        for (let round = 0; round < (target === bare ? 1 : ROUNDS); round++) {
          for (const [i, server] of opened.entries()) {
            const key = `${variants[i] ? `${target.name}+usage` : target.name}/${connections}`;
            const cpu = process.cpuUsage();
            const result = await runLoad(server.url, server.body, connections);
            const used = process.cpuUsage(cpu);
            // This process's CPU (handler, PGlite, load worker) per request: less swayed by other work than req/s.
            const perRequest = (used.user + used.system) / Math.max(1, result.requests);
            cpuPerRequest.set(key, Math.min(cpuPerRequest.get(key) ?? Infinity, perRequest));
            const best = results.get(key);
            if (!best || result.requests / result.seconds > best.requests / best.seconds)
              results.set(key, result);
          }
        }
      }
    } finally {
      for (const server of opened) await server.close();
    }
  }

  console.log(
    `\n${"server".padEnd(16)}${"conns".padStart(6)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}` +
      `${"p99 ms".padStart(9)}${"x bare".padStart(9)}${"x off".padStart(9)}${"cpu µs".padStart(9)}` +
      `${"errors".padStart(9)}`,
  );
  const rateOf = (key: string) => {
    const result = results.get(key);
    return result ? result.requests / result.seconds : NaN;
  };
  const names = targets.flatMap((target) =>
    target === bare ? [bare.name] : [target.name, `${target.name}+usage`],
  );
  for (const name of names) {
    for (const connections of CONNECTIONS) {
      const result = results.get(`${name}/${connections}`)!;
      const rate = rateOf(`${name}/${connections}`);
      const ratio = rate / rateOf(`${bare.name}/${connections}`);
      const off = name.endsWith("+usage")
        ? fmt(rate / rateOf(`${name.slice(0, -6)}/${connections}`), 2)
        : fmt(NaN);
      console.log(
        `${name.padEnd(16)}${String(connections).padStart(6)}${fmt(rate)}${fmt(result.p50, 2)}` +
          `${fmt(result.p99, 2)}${fmt(ratio, 2)}${off.replace("NaN", "   ")}` +
          `${fmt(cpuPerRequest.get(`${name}/${connections}`) ?? NaN, 0).replace("NaN", "   ")}${fmt(result.failures)}`,
      );
    }
  }
  for (const target of targets.filter((target) => target !== bare)) {
    const ratios = CONNECTIONS.map(
      (connections) =>
        rateOf(`${target.name}+usage/${connections}`) / rateOf(`${target.name}/${connections}`),
    );
    const worst = Math.min(...ratios);
    const cpu = CONNECTIONS.map(
      (connections) =>
        (cpuPerRequest.get(`${target.name}/${connections}`) ?? NaN) /
        (cpuPerRequest.get(`${target.name}+usage/${connections}`) ?? NaN),
    );
    console.log(
      `usage counting on ${target.name}: throughput ≥ 0.9 x off at every connection count: ` +
        `${ratios.map((ratio) => ratio.toFixed(2)).join(" / ")} (${worst >= 0.9 ? "met" : "missed"}); ` +
        `by CPU per request (off / on): ${cpu.map((ratio) => ratio.toFixed(2)).join(" / ")}`,
    );
  }
  const embedded = results.get("pglite/64")!;
  const bare64 = results.get(`${bare.name}/64`)!;
  const ratio64 = embedded.requests / embedded.seconds / (bare64.requests / bare64.seconds);
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
      await opened.close();
    }
  }
  console.log(`\ncheck p50 with ${MANY_KEYS} keys / with 1 key (target at most 1.5x): ${ratios.join(", ")}`);
  console.log(`buffer pages check's statement reads, 1 key -> ${MANY_KEYS} more: ${pageCounts.join(", ")}`);
}

if (process.env.BENCH_ONLY !== "many-keys") await main();
await manyKeys();
