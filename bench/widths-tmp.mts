import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { buildBenchPage, serveStatic } from "./page.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../scripts/chromium.js";
const out = await mkdtemp(join(tmpdir(), "w-"));
await buildBenchPage(out, { minify: false });
const server = await serveStatic(out);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
await page.goto(`http://127.0.0.1:${(server.address() as any).port}/index.html?pageSize=1000`);
await page.evaluate(() => (window as any).bench.ready);
await page.evaluate(() => (window as any).bench.mount(1, 10000));
const r = await page.evaluate(`(() => {
  const table = document.querySelector('[data-slot="table"]');
  function widths(rows) { const max = []; for (const row of rows) [...row.children].forEach((c, i) => { const range = document.createRange(); range.selectNodeContents(c); const w = Math.ceil(range.getBoundingClientRect().width); max[i] = Math.max(max[i] ?? 0, w); }); return max; }
  const head = [...table.tHead.rows[0].children].map((c) => Math.round(c.getBoundingClientRect().width));
  const body = widths([...table.tBodies[0].rows]);
  const panel = table.parentElement;
  panel.style.width = "1px";
  const minContent = table.getBoundingClientRect().width;
  panel.style.width = "";
  return { head, body, minContent, rows: table.tBodies[0].rows.length, fontSize: getComputedStyle(table).fontSize };
})()`);
console.log(JSON.stringify(r));
await browser.close();
server.close();
