// Where an interaction's main-thread time goes: builds the bench page unminified, drives one interaction
// (search keystrokes, filter switches or dialog opens) under Chromium's sampling profiler and trace, and
// prints the trace's time by phase (script, style, layout, paint) and the profile's heaviest functions.
// Usage: npx tsx bench/profile.ts [search|filter|dialog|mount] [runs]
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { Locator, Page } from "playwright-core";
import type { TraceEvent } from "../scripts/bench-trace.js";
import { buildBenchPage, serveStatic } from "./page.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../scripts/chromium.js";

const what = (process.argv[2] ?? "search") as "search" | "filter" | "dialog" | "mount" | "style";
const runs = Number(process.argv[3] ?? 50);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** As the bench clicks: at the centre, without Playwright's target checks running in the page. */
async function clickAt(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} is not on screen.`);
  await locator.page().mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function drive(page: Page) {
  const settle = () => page.evaluate(() => window.bench.afterNextPaint());
  if (what === "search") {
    const characters = "123456789abcdeghiklmnoprstuy";
    for (let i = 0; i < runs; i++) {
      await page.keyboard.press(i % 2 === 0 ? characters[(i / 2) % characters.length]! : "Backspace");
      await settle();
      await settle();
    }
  } else if (what === "filter") {
    const tabs = ["Active", "Expired", "Revoked", "All"];
    for (let i = 0; i < runs; i++) {
      await clickAt(page.getByRole("tab", { name: new RegExp(`^${tabs[i % tabs.length]}\\b`) }));
      await settle();
      await settle();
    }
  } else if (what === "mount") {
    // Mount through the usage charts painted (or the first rows, without usage).
    for (let i = 0; i < runs; i++) await page.evaluate(() => window.bench.mount(1, 10_000));
  } else {
    for (let i = 0; i < runs; i++) {
      await clickAt(page.getByRole("button", { name: "Create API key" }));
      await page.getByRole("dialog").waitFor();
      await settle();
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "detached" });
      await settle();
    }
  }
}

const outDir = await mkdtemp(join(tmpdir(), "react-api-keys-profile-"));
await buildBenchPage(outDir, { minify: false });
const server = await serveStatic(outDir);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
    timezoneId: "UTC",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  await page.goto(
    `http://127.0.0.1:${(server.address() as { port: number }).port}/index.html${process.env.BENCH_QUERY ?? ""}`,
  );
  await page.evaluate(() => window.bench.ready);
  for (let i = 0; i < 3; i++) await page.evaluate(() => window.bench.mount(1, 10_000));
  if (what === "style") {
    // A whole-document style recalc (an inherited property on <body>, as a modal's pointer-events lock
    // does), timed in the page: the median of many, in microseconds per element.
    const result = await page.evaluate((n) => {
      const probe = document.querySelector('[data-slot="api-key-row"] td:last-child')!;
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        document.body.style.pointerEvents = i % 2 ? "" : "none";
        void getComputedStyle(probe).pointerEvents;
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      return { median: times[n >> 1]!, elements: document.querySelectorAll("*").length };
    }, runs);
    console.log(
      `style: ${result.median.toFixed(3)} ms per whole-document recalc, ${result.elements} elements`,
    );
    process.exit(0);
  }
  if (what === "search") await page.getByRole("searchbox", { name: "Search keys" }).click();
  // Warm up the paths once, untraced.
  await drive(page);

  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Tracing.start", {
    // CATEGORIES=toplevel,blink.user_timing leaves out DevTools' timeline, whose recording of every invalidation
    // (with its JS stack) is charged to the DOM call that caused it: a text change then looks ten times dearer.
    categories:
      process.env.CATEGORIES ?? "devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing",
    transferMode: "ReportEvents",
  });
  await cdp.send("Profiler.start");
  const mark = await page.evaluate(() => performance.mark("profile-start").startTime);
  await drive(page);
  const { profile } = (await cdp.send("Profiler.stop")) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  await cdp.send("Tracing.end");
  await complete;
  void mark;
  await writeFile(join(tmpdir(), `profile-${what}.cpuprofile`), JSON.stringify(profile));

  // Trace: per top-level phase, self time on the main thread (durations of nested events subtracted).
  const start = events.find((event) => event.name === "profile-start");
  if (!start) throw new Error("no mark");
  const main = events
    .filter((e) => e.ph === "X" && e.pid === start.pid && e.tid === start.tid && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  const childTime = new Map<TraceEvent, number>();
  for (const event of main) {
    while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= event.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) childTime.set(parent, (childTime.get(parent) ?? 0) + event.dur!);
    stack.push(event);
  }
  for (const event of main) {
    const own = event.dur! - (childTime.get(event) ?? 0);
    self.set(event.name, (self.get(event.name) ?? 0) + own);
  }
  const total = main.filter((e) => e.name === "RunTask").reduce((sum, e) => sum + (e.tdur ?? e.dur!), 0);
  console.log(`\n${what} × ${runs}: main-thread RunTask CPU ${(total / 1000 / runs).toFixed(2)} ms per run`);
  console.log("Trace self time per run (ms):");
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 18))
    console.log(`  ${(us / 1000 / runs).toFixed(2).padStart(7)}  ${name}`);
  const recalcs = main.filter((e) => e.name === "UpdateLayoutTree");
  if (process.env.DUMP)
    for (const e of main
      .filter(
        (e) =>
          process.env.DUMP === "all" ||
          ([
            "Layout",
            "UpdateLayoutTree",
            "Paint",
            "Commit",
            "PrePaint",
            "EventDispatch",
            "FunctionCall",
            "RunTask",
          ].includes(e.name) &&
            e.dur! > 300),
      )
      .slice(0, 80))
      console.log(
        ((e.ts - start.ts) / 1000).toFixed(1),
        e.name,
        (e.dur! / 1000).toFixed(2),
        JSON.stringify(e.args).slice(0, 300),
      );
  const layouts = main.filter((e) => e.name === "Layout");
  const sum = (list: TraceEvent[], get: (e: TraceEvent) => unknown) =>
    list.reduce((total, e) => total + Number(get(e) ?? 0), 0) / runs;
  console.log(
    `  style recalcs ${(recalcs.length / runs).toFixed(1)}/run over ${sum(recalcs, (e) => e.args?.elementCount).toFixed(0)} elements, ` +
      `layouts ${(layouts.length / runs).toFixed(1)}/run over ${sum(layouts, (e) => (e.args?.beginData as { dirtyObjects?: number })?.dirtyObjects).toFixed(0)} objects`,
  );

  // Profile: self time per function, and inclusive time for a few.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const label = (node: ProfileNode) =>
    `${node.callFrame.functionName || "(anon)"} ${node.callFrame.url.split("/").pop()}:${node.callFrame.lineNumber + 1}`;
  const selfBy = new Map<string, number>();
  const inclBy = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    selfBy.set(label(node), (selfBy.get(label(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclBy.set(name, (inclBy.get(name) ?? 0) + us);
    }
  }
  console.log("Profile self time per run (ms):");
  for (const [name, us] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${(us / 1000 / runs).toFixed(3).padStart(7)}  ${name}`);
  console.log("Profile inclusive time per run (ms):");
  for (const [name, us] of [...inclBy]
    .filter(([name]) => !process.env.ONLY || new RegExp(process.env.ONLY).test(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 45))
    console.log(`  ${(us / 1000 / runs).toFixed(3).padStart(7)}  ${name}`);
} finally {
  await browser.close();
  server.close();
  await rm(outDir, { recursive: true, force: true });
}
