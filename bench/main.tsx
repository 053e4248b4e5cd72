// The bench page: the user panel over 1,000 keys, its client talking to the reference handler in this page
// (in-memory store), every request counted as it reaches the handler. scripts/bench.ts drives it through
// `window.bench`.
import { QueryClient } from "@tanstack/react-query";
import { createRoot } from "react-dom/client";
import type { Root } from "react-dom/client";
import "../src/styles.css";
import { createApiKeysClient } from "../src/client/index.js";
import { UserApiKeysPanel } from "../src/components/index.js";
import { ApiKeysProvider } from "../src/hooks/index.js";
import { createApiKeysHandler } from "../src/server/handler.js";
import { memoryStore } from "../src/server/memory-store.js";
import { sampleHandlerOptions, sampleProject, sampleUsers } from "../src/server/sample.js";
import { seedKeys, seedsFor } from "../stories/support/seed.js";
import { countRequests } from "./counting.js";
import type { CountedRequest } from "./counting.js";
import { afterNextPaint, arm, until } from "./probe.js";
import type { ArmSpec, Timing } from "./probe.js";

/** The clock the keys were seeded against and the panel reads, so every run shows the same rows. */
const NOW = new Date("2026-11-26T12:00:00Z");
const alice = sampleUsers.alice;

/** `?usage=off` measures the panel on a server without the `usage` extension (no charts, no usage request). */
const USAGE = new URLSearchParams(location.search).get("usage") !== "off";
const DAY = 86_400_000;

const store = memoryStore();
const server = countRequests(
  createApiKeysHandler(sampleHandlerOptions(store, { now: () => NOW.getTime(), usage: USAGE })),
);

/** 30 days of checks for every key, varied by key and day, a few refused: every row's chart has bars. */
async function seedUsage() {
  const keys = await store.list(sampleProject.projectId, "user", alice.id);
  const today = Math.floor(NOW.getTime() / DAY);
  const rows = keys.flatMap((key, i) =>
    Array.from({ length: 30 }, (_, d) => ({
      keyId: key.id,
      day: today - 29 + d,
      counts: [(i * 7 + d * 13) % 50, d % 5 === 0 ? i % 3 : 0, 0, 0, (i + d) % 11 === 0 ? 2 : 0] as [
        number,
        number,
        number,
        number,
        number,
      ],
    })),
  );
  await store.addUsage!(sampleProject.projectId, rows);
}
const client = createApiKeysClient({
  baseUrl: "",
  projectId: sampleProject.projectId,
  publishableClientKey: sampleProject.publishableClientKey,
  getAccessToken: () => alice.accessToken,
  fetch: (input, init) => server.handler(new Request(new URL(String(input), location.origin), init)),
});

const container = document.getElementById("root")!;
let root: Root | null = null;
let armed: Promise<Timing> | null = null;

const ROW = '[data-slot="api-key-row"]';

/** `?pageSize=N` measures another page size than the panel's default. */
const PAGE_SIZE = Number(new URLSearchParams(location.search).get("pageSize")) || undefined;

const bench = {
  /** Seeds a thousand keys of every status (about 1 in 5 expired, 1 in 7 revoked) through the handler. */
  ready: seedKeys(store, { type: "user", userId: alice.id }, seedsFor("many"), NOW).then(async (keys) => {
    if (USAGE) await seedUsage();
    server.take();
    return keys.size;
  }),

  usage: USAGE,

  /**
   * Renders `panels` panels for the signed-in user under a fresh QueryClient (so the list is fetched), and
   * answers when it started and the milliseconds from the render call to the frame after the first rows are
   * in the document, how many rows a panel shows, and (with usage) the milliseconds to the frame after the
   * rows' charts replaced their placeholders.
   */
  async mount(
    panels: 1 | 2,
    timeoutMs: number,
  ): Promise<{ at: number; ms: number; rows: number; chartsMs: number | null }> {
    bench.unmount();
    const queryClient = new QueryClient();
    const start = performance.now();
    root = createRoot(container);
    root.render(
      <ApiKeysProvider client={client} queryClient={queryClient}>
        {Array.from({ length: panels }, (_, i) => (
          <UserApiKeysPanel key={i} now={NOW} locale="en-GB" pageSize={PAGE_SIZE} />
        ))}
      </ApiKeysProvider>,
    );
    await until(() => container.querySelectorAll(ROW).length > 0, timeoutMs, "the first rows");
    const ms = (await afterNextPaint()) - start;
    const rows = container.querySelectorAll(ROW).length / panels;
    if (!USAGE) return { at: start, ms, rows, chartsMs: null };
    const charts = () => container.querySelectorAll(`${ROW} svg[data-slot="usage-chart"]`).length;
    await until(() => charts() === rows * panels, timeoutMs, "the rows' usage charts");
    return { at: start, ms, rows, chartsMs: (await afterNextPaint()) - start };
  },

  unmount() {
    root?.unmount();
    root = null;
  },

  arm(spec: ArmSpec) {
    armed = arm(spec);
    // An unhandled rejection would be reported before the harness collects it.
    armed.catch(() => {});
  },

  collect(): Promise<Timing> {
    if (!armed) throw new Error("Nothing was armed.");
    const timing = armed;
    armed = null;
    return timing;
  },

  afterNextPaint,

  /** A mark in the browser's trace, to line its clock up with performance.now(). */
  clockMark(): number {
    return performance.mark("bench-clock").startTime;
  },

  /** The requests since the last call, once the server has been quiet for `quietMs`. */
  async requests(quietMs: number, timeoutMs: number): Promise<CountedRequest[]> {
    await server.idle(quietMs, timeoutMs);
    return server.take();
  },
};

export type Bench = typeof bench;

declare global {
  interface Window {
    bench: Bench;
  }
}

window.bench = bench;
