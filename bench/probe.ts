// Timing in the page. An interaction is timed from its input event's own timestamp (set when the browser
// received the input) to two moments: "committed", when the DOM change it caused is observed (a
// MutationObserver callback, right after React's commit), and "painted", after the frame that shows that
// change; and whether that frame was the first after the input. A frame is over once a message posted from
// its requestAnimationFrame callback runs, since that task runs after the frame is rendered.

export interface Timing {
  /** The input event's timeStamp, on the page's performance.now() clock. */
  at: number;
  committed: number;
  painted: number;
  /** Whether the change was in the first frame after the input: no frame went by without it. */
  firstFrame: boolean;
}

interface Frame {
  /** performance.now() just after the frame was rendered. */
  paintedAt: number;
  /** The frame's own time, as requestAnimationFrame gives it: the same for every callback of one frame. */
  frame: number;
}

function afterFrame(): Promise<Frame> {
  return new Promise((resolve) => {
    requestAnimationFrame((frame) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve({ paintedAt: performance.now(), frame });
      channel.port2.postMessage(null);
    });
  });
}

/** Resolves with performance.now() just after the next frame has been rendered. */
export function afterNextPaint(): Promise<number> {
  return afterFrame().then((frame) => frame.paintedAt);
}

/** Waits until `done()` holds, checking after each DOM change; answers when that was, in performance.now(). */
export function until(done: () => boolean, timeoutMs: number, what: string): Promise<number> {
  if (done()) return Promise.resolve(performance.now());
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(performance.now());
    });
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`));
    }, timeoutMs);
  });
}

export interface ArmSpec {
  /** The input event the interaction starts with: "keydown", "mousedown", "click". */
  start: string;
  /** Done when this selector matches… */
  appears?: string;
  /** …or at the first change of text or elements inside this selector; with neither, at the next paint. */
  changeIn?: string;
  timeoutMs: number;
}

/**
 * Starts listening for one interaction; the harness then sends the real input through the browser and
 * collects the promise. Changes before the input event are ignored.
 */
export function arm(spec: ArmSpec): Promise<Timing> {
  if (!spec.appears && !spec.changeIn) return nextPaintOnly(spec);
  let startedAt: number | undefined;
  let firstFrame: Promise<Frame> | undefined;
  const onStart = (event: Event) => {
    if (startedAt !== undefined) return;
    startedAt = event.timeStamp;
    firstFrame = afterFrame();
  };
  window.addEventListener(spec.start, onStart, { capture: true });
  const target = spec.changeIn ? document.querySelector(spec.changeIn) : document.body;
  if (!target) return Promise.reject(new Error(`Nothing matches ${spec.changeIn}.`));

  return new Promise<Timing>((resolve, reject) => {
    const finish = () => {
      observer.disconnect();
      clearTimeout(timer);
      window.removeEventListener(spec.start, onStart, { capture: true });
    };
    const observer = new MutationObserver((records) => {
      if (startedAt === undefined) return;
      const done = spec.appears
        ? document.querySelector(spec.appears) !== null
        : records.some((record) => record.type === "childList" || record.type === "characterData");
      if (!done) return;
      const from = startedAt;
      const committed = performance.now() - from;
      finish();
      void Promise.all([firstFrame!, afterFrame()]).then(([first, painted]) =>
        resolve({
          at: from,
          committed,
          painted: painted.paintedAt - from,
          firstFrame: first.frame === painted.frame,
        }),
      );
    });
    observer.observe(target, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(
          startedAt === undefined
            ? `No ${spec.start} event arrived within ${spec.timeoutMs} ms.`
            : `Nothing changed within ${spec.timeoutMs} ms of the ${spec.start}.`,
        ),
      );
    }, spec.timeoutMs);
  });
}

/** The floor: an input that changes nothing the page observes, timed to the next paint only. */
function nextPaintOnly(spec: ArmSpec): Promise<Timing> {
  return new Promise<Timing>((resolve, reject) => {
    const timer = setTimeout(() => {
      window.removeEventListener(spec.start, listener, { capture: true });
      reject(new Error(`No ${spec.start} event arrived within ${spec.timeoutMs} ms.`));
    }, spec.timeoutMs);
    const listener = (event: Event) => {
      window.removeEventListener(spec.start, listener, { capture: true });
      clearTimeout(timer);
      const from = event.timeStamp;
      void afterNextPaint().then((painted) =>
        resolve({
          at: from,
          committed: NaN,
          painted: painted - from,
          firstFrame: true,
        }),
      );
    };
    window.addEventListener(spec.start, listener, { capture: true });
  });
}
