// Speed and size in one report: builds bench/ (the user panel over 1,000 keys, its reference handler in the
// page) for production, serves it on loopback, drives it in headless Chromium, prints each timing's median
// and p95 and each flow's requests against its target, then npm run size's figures.
// Usage: npm run bench. Timings are reported, not asserted: it exits 0 when a timing misses its target, and
// non-zero when the page fails, a request count is off (those are exact), or the bundle is over budget.
import type { Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Locator, Page } from "playwright-core";
import { buildBenchPage, serveStatic } from "../bench/page.js";
import type { Bench } from "../bench/main.js";
import type { CountedRequest } from "../bench/counting.js";
import type { ArmSpec, Timing } from "../bench/probe.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH, assertChromium } from "./chromium.js";
import { traceMainThread } from "./bench-trace.js";
import { measureSizes, printSizes } from "./size.js";

const MOUNTS = 20;
const KEYSTROKES = 50;
const DIALOG_OPENS = 40;
const FILTER_SWITCHES = 40;
const MENU_OPENS = 20;
const DETAILS_OPENS = 20;
/** Each step's bound; the whole run has its own. */
const STEP_MS = 10_000;
const TOTAL_MS = 5 * 60_000;
const FRAME_MS = 1000 / 60;

/** `npm run bench -- --page-size 20` measures another page size than the panel's default. */
function pageSizeArgument(): number | undefined {
  const at = process.argv.indexOf("--page-size");
  if (at === -1) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error("--page-size takes a whole number of rows.");
  return value;
}

/** `npm run bench -- --usage off` measures the panel on a server without the `usage` extension. */
const usageOff =
  process.argv.includes("--usage") && process.argv[process.argv.indexOf("--usage") + 1] === "off";

async function main(): Promise<number> {
  const pageSize = pageSizeArgument();
  const giveUp = setTimeout(() => {
    console.error(`bench: gave up after ${TOTAL_MS / 1000} s.`);
    process.exit(2);
  }, TOTAL_MS);
  giveUp.unref();

  const outDir = await mkdtemp(join(tmpdir(), "react-api-keys-bench-"));
  let server: Server | undefined;
  let browser: Browser | undefined;
  let exitCode = 0;
  try {
    await buildBenchPage(outDir);
    server = await serveStatic(outDir);
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    assertChromium("The bench measures the panel in");
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "en-GB",
      timezoneId: "UTC",
      reducedMotion: "reduce",
      permissions: ["clipboard-read", "clipboard-write"],
    });
    context.setDefaultTimeout(STEP_MS);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });

    const query = new URLSearchParams({
      ...(pageSize ? { pageSize: String(pageSize) } : {}),
      ...(usageOff ? { usage: "off" } : {}),
    });
    await page.goto(`${origin}/index.html?${query}`);
    const seeding = Date.now();
    const seeded = await page.evaluate(() => window.bench.ready);
    const seededMs = Date.now() - seeding;

    // The trace's own end gets longer than a step: on a loaded machine, handing over a whole run's events can.
    const traced = await traceMainThread(page, () => measureTimings(page), 3 * STEP_MS);
    const measures = summarize(traced.result, traced.cpu);
    const flows = await countFlows(page);
    if (pageErrors.length) throw new Error(`The page reported errors:\n${pageErrors.join("\n")}`);

    const version = browser.version();
    const sizes = await measureSizes();
    const pageRows = traced.result.mount[0]!.rows;
    const countsOk = report({
      measures,
      committed: traced.result,
      flows,
      seeded,
      seededMs,
      version,
      pageRows,
    });
    console.log("\nSize (npm run size)");
    const sizeOk = printSizes(sizes);
    if (!countsOk)
      console.error(
        "A request count is off its target; tests/dom/components/requests.test.tsx should say which.",
      );
    exitCode = countsOk && sizeOk ? 0 : 1;
  } catch (error) {
    console.error("bench: the page did not run.", error);
    exitCode = 1;
  } finally {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await rm(outDir, { recursive: true, force: true });
  }
  return exitCode;
}

type Mount = Awaited<ReturnType<Bench["mount"]>>;

interface Timings {
  floor: Timing[];
  coldMount: Mount;
  mount: Mount[];
  search: Timing[];
  dialog: Timing[];
  filter: Timing[];
  menu: Timing[];
  details: Timing[];
}

async function measureTimings(page: Page): Promise<Timings> {
  const mountOnce = () => page.evaluate((ms) => window.bench.mount(1, ms), STEP_MS);
  // The first mount is the page's first run of this code; reported apart, then the repeated ones.
  const coldMount = await mountOnce();
  const mount: Mount[] = [];
  for (let i = 0; i < MOUNTS; i++) mount.push(await mountOnce());

  // What a keystroke costs with nothing on it but the browser, on this machine, now.
  const floor: Timing[] = [];
  await page.getByRole("textbox", { name: "Floor" }).click();
  for (let i = 0; i < KEYSTROKES; i++) {
    const key = i % 2 === 0 ? "x" : "Backspace";
    floor.push(await timed(page, { start: "keydown" }, () => page.keyboard.press(key)));
  }

  // Each keystroke must change the result, or nothing would repaint: a character no service name and no
  // four-digit number has in common ("0" and space are in every description), then Backspace.
  const search: Timing[] = [];
  const searchBox = page.getByRole("searchbox", { name: "Search keys" });
  await searchBox.click();
  const characters = "123456789abcdeghiklmnoprstuy";
  for (let i = 0; i < KEYSTROKES; i++) {
    const key = i % 2 === 0 ? characters[(i / 2) % characters.length]! : "Backspace";
    search.push(
      await timed(page, { start: "keydown", changeIn: '[data-slot="api-key-table"]' }, () =>
        page.keyboard.press(key),
      ),
    );
  }

  // Radix tabs switch on mousedown.
  const filter: Timing[] = [];
  const tabs = ["Active", "Expired", "Revoked", "All"];
  for (let i = 0; i < FILTER_SWITCHES; i++) {
    const tab = page.getByRole("tab", { name: new RegExp(`^${tabs[i % tabs.length]}\\b`) });
    filter.push(
      await timed(page, { start: "mousedown", changeIn: '[data-slot="api-key-table"]' }, await clickAt(tab)),
    );
  }

  // The trigger opens on click; Escape closes an untouched dialog without a question.
  const dialog: Timing[] = [];
  const create = page.getByRole("button", { name: "Create API key" });
  for (let i = 0; i < DIALOG_OPENS; i++) {
    dialog.push(await timed(page, { start: "click", appears: '[role="dialog"]' }, await clickAt(create)));
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
  }

  // A row's action menu opens on click; Escape closes it.
  const menu: Timing[] = [];
  const menuButton = page.getByRole("button", { name: /^Actions for / }).first();
  for (let i = 0; i < MENU_OPENS; i++) {
    menu.push(await timed(page, { start: "click", appears: '[role="menu"]' }, await clickAt(menuButton)));
    await page.keyboard.press("Escape");
    await page.getByRole("menu").waitFor({ state: "detached" });
  }

  // Details from the row's menu (opened untimed): from the click on the item to the dialog painted.
  const details: Timing[] = [];
  for (let i = 0; i < DETAILS_OPENS; i++) {
    await menuButton.click();
    const item = page.getByRole("menuitem", { name: "Details" });
    await item.waitFor();
    details.push(await timed(page, { start: "click", appears: '[role="dialog"]' }, await clickAt(item)));
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
  }
  return { floor, coldMount, mount, search, dialog, filter, menu, details };
}

/**
 * A click at the element's centre, found before the page is armed. Playwright's own click checks its target
 * with listeners of its own inside the page, which would be timed as if they were the panel's work.
 */
async function clickAt(locator: Locator): Promise<() => Promise<void>> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} is not on screen.`);
  return () => locator.page().mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Arms the page, sends the real input through the browser, and collects the timing. */
async function timed(page: Page, spec: Omit<ArmSpec, "timeoutMs">, input: () => Promise<void>) {
  await page.evaluate((armSpec) => window.bench.arm(armSpec), { ...spec, timeoutMs: STEP_MS });
  await input();
  const timing = await page.evaluate(() => window.bench.collect());
  // Let the frame after settle before the next input.
  await page.evaluate(() => window.bench.afterNextPaint());
  return timing;
}

interface Flows {
  firstLoad: CountedRequest[];
  create: CountedRequest[];
  roll: CountedRequest[];
  revoke: CountedRequest[];
  details: CountedRequest[];
  twoPanels: CountedRequest[];
}

/** Each flow through the real UI; a flow's requests are those the handler saw until it had been quiet. */
async function countFlows(page: Page): Promise<Flows> {
  const settled = () => page.evaluate((ms) => window.bench.requests(300, ms), STEP_MS);
  await settled();

  await page.evaluate((ms) => window.bench.mount(1, ms), STEP_MS);
  const firstLoad = await settled();

  await page.getByRole("button", { name: "Create API key" }).click();
  await page.getByRole("textbox", { name: "Description" }).fill("Bench key");
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByRole("dialog", { name: "Copy your new API key" }).waitFor();
  await page.getByRole("button", { name: "Copy" }).click();
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
  await page.getByRole("rowheader", { name: "Bench key", exact: true }).waitFor();
  const create = await settled();

  const benchMenu = page.getByRole("button", { name: "Actions for Bench key", exact: true });
  await benchMenu.click();
  await page.getByRole("menuitem", { name: "Roll" }).click();
  await page.getByRole("button", { name: "Roll key" }).click();
  await page.getByRole("dialog", { name: "Copy your new API key" }).waitFor();
  await page.getByRole("button", { name: "Copy" }).click();
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
  await page.getByRole("rowheader", { name: "Bench key", exact: true }).nth(1).waitFor();
  const roll = await settled();

  // The newer of the two: rolled into, it is the one that can still be revoked for good.
  await benchMenu.first().click();
  await page.getByRole("menuitem", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await page.getByRole("alertdialog").waitFor({ state: "detached" });
  // Revoked, the key leaves the first page (active keys come first), and its menu goes with it.
  await page.waitForFunction(
    () => document.querySelectorAll('[aria-label="Actions for Bench key"]').length === 1,
  );
  const revoke = await settled();

  await page
    .getByRole("button", { name: /^Actions for / })
    .first()
    .click();
  await page.getByRole("menuitem", { name: "Details" }).click();
  await page.getByRole("dialog").waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  const details = await settled();

  await page.evaluate((ms) => window.bench.mount(2, ms), STEP_MS);
  const twoPanels = await settled();
  await page.evaluate(() => window.bench.unmount());
  return { firstLoad, create, roll, revoke, details, twoPanels };
}

interface Measure {
  name: string;
  /** Milliseconds, p95: of wall time for a mount, of main-thread CPU time for an interaction. */
  target: number;
  judge: "wall" | "cpu";
  /** Wall time and the main thread's CPU time over the same span, in milliseconds. */
  samples: { ms: number; cpu: number; firstFrame: boolean }[];
}

function summarize(timings: Timings, cpu: (from: number, to: number) => number): Measure[] {
  const span = (at: number, ms: number, firstFrame = true) => ({ ms, cpu: cpu(at, at + ms), firstFrame });
  const interaction = (name: string, values: Timing[]): Measure => ({
    name,
    target: FRAME_MS,
    judge: "cpu",
    samples: values.map((value) => span(value.at, value.painted, value.firstFrame)),
  });
  return [
    {
      name: "mount → first rows painted",
      target: 100,
      judge: "wall",
      samples: timings.mount.map((mount) => span(mount.at, mount.ms)),
    },
    interaction("search keystroke → results painted", timings.search),
    interaction("open create dialog → painted", timings.dialog),
    interaction("switch status filter → repainted", timings.filter),
    interaction("open a row's menu → painted", timings.menu),
    interaction("open a key's details → painted", timings.details),
    ...(timings.mount[0]!.chartsMs === null
      ? []
      : [
          {
            name: "mount → usage charts painted",
            target: 200,
            judge: "wall" as const,
            samples: timings.mount.map((mount) => span(mount.at, mount.chartsMs!)),
          },
        ]),
    { ...interaction("floor: bare input, key → next paint", timings.floor), target: NaN },
  ];
}

function report({
  measures,
  committed,
  flows,
  seeded,
  seededMs,
  version,
  pageRows,
}: {
  measures: Measure[];
  committed: Timings;
  flows: Flows;
  seeded: number;
  seededMs: number;
  version: string;
  /** Rows a page of the panel showed. */
  pageRows: number;
}): boolean {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rows: string[][] = [];
  for (const measure of measures) {
    const wall = percentiles(measure.samples.map((sample) => sample.ms));
    const cpu = percentiles(measure.samples.map((sample) => sample.cpu));
    const inFirst = measure.samples.filter((sample) => sample.firstFrame).length;
    const hasTarget = !Number.isNaN(measure.target);
    const ok =
      measure.judge === "wall"
        ? wall.p95 < measure.target
        : cpu.p95 < measure.target && inFirst === measure.samples.length;
    rows.push([
      measure.name,
      String(measure.samples.length),
      `${ms(wall.median)} / ${ms(wall.p95)}`,
      `${ms(cpu.median)} / ${ms(cpu.p95)}`,
      measure.judge === "cpu" && hasTarget ? `${inFirst}/${measure.samples.length}` : "",
      hasTarget ? `${measure.judge === "wall" ? "wall" : "CPU"} p95 < ${ms(measure.target)}` : "(none)",
      hasTarget ? (ok ? "✓ pass" : "✗ over") : "",
    ]);
  }

  const requestRows: string[][] = [];
  let countsOk = true;
  const count = (measure: string, requests: CountedRequest[], target: string, ok: (n: Tally) => boolean) => {
    const tally = tallyOf(requests);
    const pass = ok(tally);
    countsOk &&= pass;
    requestRows.push([measure, describeTally(tally), target, pass ? "✓ pass" : "✗ over"]);
  };
  const only = (tally: Tally, allowed: string[]) =>
    Object.keys(tally).every((method) => allowed.includes(method));
  // With usage, one more GET after the list: every key's days in one answer.
  const gets = usageOff ? 1 : 2;
  const usageGets = (requests: CountedRequest[]) =>
    requests.filter((request) => request.path.endsWith("/usage")).length === gets - 1;
  count(
    "requests: first load",
    flows.firstLoad,
    usageOff ? "1 GET" : "1 GET + 1 GET usage",
    (t) => t.GET === gets && only(t, ["GET"]) && usageGets(flows.firstLoad),
  );
  count(
    "requests: create through reveal",
    flows.create,
    "1 POST, ≤ 1 GET",
    (t) => t.POST === 1 && (t.GET ?? 0) <= 1 && only(t, ["POST", "GET"]),
  );
  count(
    "requests: roll through reveal",
    flows.roll,
    "1 POST, ≤ 1 GET",
    (t) => t.POST === 1 && (t.GET ?? 0) <= 1 && only(t, ["POST", "GET"]),
  );
  count("requests: revoke (confirm)", flows.revoke, "1 PATCH", (t) => t.PATCH === 1 && only(t, ["PATCH"]));
  count("requests: open a key's details", flows.details, "none", (t) => Object.keys(t).length === 0);
  count(
    "requests: two panels, one owner",
    flows.twoPanels,
    usageOff ? "1 GET" : "1 GET + 1 GET usage",
    (t) => t.GET === gets && only(t, ["GET"]) && usageGets(flows.twoPanels),
  );

  const floor = percentiles(measures.at(-1)!.samples.map((sample) => sample.ms));
  console.log(
    `\nreact-api-keys bench: ${seeded.toLocaleString("en")} keys (seeded in ${(seededMs / 1000).toFixed(1)} s), ` +
      `${pageRows} rows a page, ${usageOff ? "no usage" : "usage on (30 days of checks per key)"}, ` +
      `${version} headless, production build, reference handler in the page.`,
  );
  console.log(
    "Each span runs from the input event's timeStamp (for a mount, the render call) to after the frame that\n" +
      "shows the change (requestAnimationFrame, then a posted message). Median / p95 (nearest rank) of wall\n" +
      "time, and of the page's main-thread CPU time over the same span from Chromium's trace.\n" +
      "An interaction passes when it drops no frame: its change is in the first frame after the input in\n" +
      "every run, and the main thread's work for it, CPU p95, fits in one 16.7 ms frame. Wall time is shown\n" +
      `too; here even a bare input takes ${ms(floor.median)} from its timestamp to the next paint (the floor),\n` +
      "which is the wait for the browser's next frame, not work.\n" +
      `Machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end of the run ` +
      "(wall times stretch when other work shares the cores; CPU times much less).",
  );
  const table = (widths: number[], cells: string[][]) => {
    for (const row of cells)
      console.log(
        row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "),
      );
  };
  table([36, 4, 19, 19, 11, 20, 6], [["measure", "runs", "wall", "CPU", "1st frame", "target", ""], ...rows]);
  console.log(
    "The floor is a bare <input> outside React on the same page: what a keystroke costs before any panel work.",
  );
  console.log("");
  table([36, 15, 20, 6], [["requests, counted at the handler", "counted", "target", ""], ...requestRows]);

  const toCommit = (name: string, values: Timing[]) => {
    const p = percentiles(values.map((value) => value.committed));
    return `${name} ${ms(p.median)} / ${ms(p.p95)}`;
  };
  console.log(
    `\nInput to DOM committed, before paint (median / p95): ${toCommit("search", committed.search)}; ` +
      `${toCommit("dialog", committed.dialog)}; ${toCommit("filter", committed.filter)}.`,
  );
  console.log(`First mount in a fresh page (not in the figures above): ${ms(committed.coldMount.ms)}.`);
  return countsOk;
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return { median: rank(0.5), p95: rank(0.95) };
}

type Tally = Partial<Record<string, number>>;

function tallyOf(requests: CountedRequest[]): Tally {
  const tally: Tally = {};
  for (const request of requests) tally[request.method] = (tally[request.method] ?? 0) + 1;
  return tally;
}

function describeTally(tally: Tally): string {
  const parts = Object.entries(tally).map(([method, n]) => `${n} ${method}`);
  return parts.length ? parts.join(", ") : "none";
}

process.exit(await main());
