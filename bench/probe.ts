// Timing in the page. An interaction is timed from its input event's own timestamp (set when the browser
// received the input) to two moments: "committed", when the DOM change it caused is observed (a
// MutationObserver callback, right after React's commit), and "painted", after the next frame that shows it
// (requestAnimationFrame, then a message posted from it, which runs once that frame's rendering is done).

export interface Timing {
  committed: number;
  painted: number;
}

/** Resolves with performance.now() just after the next frame has been rendered. */
export function afterNextPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
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
  /** …or at the first change of text or elements inside this selector. */
  changeIn?: string;
  timeoutMs: number;
}

/**
 * Starts listening for one interaction; the harness then sends the real input through the browser and
 * collects the promise. Changes before the input event are ignored.
 */
export function arm(spec: ArmSpec): Promise<Timing> {
  let startedAt: number | undefined;
  const onStart = (event: Event) => (startedAt ??= event.timeStamp);
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
      void afterNextPaint().then((painted) => resolve({ committed, painted: painted - from }));
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
