// Main-thread CPU time from Chromium's trace, so a figure can be read apart from the wall time it took on a
// machine whose cores other work shares.
import type { Page } from "playwright-core";

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** CPU time of the event's thread, in microseconds. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export interface MainThreadTrace<T> {
  result: T;
  /** Milliseconds of CPU the page's main thread used between two performance.now() times. */
  cpu(from: number, to: number): number;
}

/** Traces the page's top-level tasks while `run` goes. */
export async function traceMainThread<T>(
  page: Page,
  run: () => Promise<T>,
  timeoutMs: number,
): Promise<MainThreadTrace<T>> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", {
    // The lightest categories that still time each task: DevTools' timeline would record every style, layout
    // and paint step with its details, and that recording would be counted as the page's own work.
    categories: "toplevel,blink.user_timing",
    transferMode: "ReportEvents",
  });
  let result: T;
  let markAt: number;
  try {
    markAt = await page.evaluate(() => window.bench.clockMark());
    result = await run();
  } finally {
    await cdp.send("Tracing.end");
    await Promise.race([
      complete,
      new Promise((_, reject) => setTimeout(() => reject(new Error("The trace never finished.")), timeoutMs)),
    ]);
    await cdp.detach();
  }

  const mark = events.find((event) => event.name === "bench-clock");
  if (!mark) throw new Error("The trace has no bench-clock mark to line its clock up with.");
  const offset = mark.ts - markAt * 1000;
  const tasks = events.filter(
    (event) =>
      event.name === "ThreadControllerImpl::RunTask" &&
      event.ph === "X" &&
      event.pid === mark.pid &&
      event.tid === mark.tid &&
      event.dur !== undefined &&
      event.dur > 0 &&
      event.tdur !== undefined,
  );
  if (tasks.length === 0) throw new Error("The trace has no main-thread tasks.");
  return {
    result,
    cpu(from, to) {
      const start = from * 1000 + offset;
      const end = to * 1000 + offset;
      let used = 0;
      for (const task of tasks) {
        const overlap = Math.min(end, task.ts + task.dur!) - Math.max(start, task.ts);
        if (overlap > 0) used += (task.tdur! * overlap) / task.dur!;
      }
      return used / 1000;
    },
  };
}
