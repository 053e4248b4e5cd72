import type { ApiKeysHandler } from "../src/server/handler.js";

export interface CountedRequest {
  method: string;
  path: string;
  /** Absent while the answer is still being made. */
  status?: number;
}

/** The reference handler with a tally of every request that reaches it, and a way to wait until it is quiet. */
export function countRequests(handler: ApiKeysHandler) {
  let seen: CountedRequest[] = [];
  let inFlight = 0;
  let lastActivity = performance.now();

  const counted: ApiKeysHandler = async (request) => {
    const entry: CountedRequest = { method: request.method, path: new URL(request.url).pathname };
    seen.push(entry);
    inFlight++;
    lastActivity = performance.now();
    try {
      const response = await handler(request);
      entry.status = response.status;
      return response;
    } finally {
      inFlight--;
      lastActivity = performance.now();
    }
  };

  return {
    handler: counted,
    /** Answers what arrived since the last call, and starts a new tally. */
    take(): CountedRequest[] {
      const taken = seen;
      seen = [];
      return taken;
    },
    /** Resolves once nothing has been in flight for `quietMs`, so a late refetch is still counted. */
    idle(quietMs: number, timeoutMs: number): Promise<void> {
      const deadline = performance.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const poll = () => {
          const now = performance.now();
          if (inFlight === 0 && now - lastActivity >= quietMs) resolve();
          else if (now > deadline) reject(new Error(`The server was still busy after ${timeoutMs} ms.`));
          else setTimeout(poll, 10);
        };
        poll();
      });
    },
  };
}
