import type { ApiKeysHandler } from "../../src/server/handler.js";
import { parseApiKey, secretScanningPatterns } from "../../src/server/key-format.js";
import type { LocalScanner } from "./github-scanner.js";

/** The demo's "GitHub found this key" button posts here. */
export const LEAK_REPORT_PATH = "/demo/leak-report";
/** Where the simulated report says the key was found. */
export const DEMO_LEAK_URL = "https://github.com/octocat/Hello-World/blob/main/config.js";

export interface LeakReportAnswer {
  /** The secret scanning endpoint's status, and its label for the key when it answered 200. */
  status: number;
  label: "true_positive" | "false_positive" | null;
}

/**
 * Plays GitHub: signs a report of the presented key with the local scanner's key pair and posts it to the key
 * service's secret scanning endpoint, exactly as GitHub's partner program would. Answers only the label: the
 * endpoint's answer repeats the token, which the page need not get back.
 */
export function createLeakReport(
  handler: ApiKeysHandler,
  scanner: LocalScanner,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== "POST")
      return new Response("Use POST.", { status: 405, headers: { allow: "POST" } });
    const presented = (await request.json().catch(() => null)) as { api_key?: unknown } | null;
    const token = presented?.api_key;
    if (typeof token !== "string" || token === "") {
      return new Response('Send {"api_key": "…"}.', { status: 400 });
    }
    const [secret, pub] = secretScanningPatterns();
    const type = (parseApiKey(token)?.isPublic ? pub : secret)!.type;
    const body = JSON.stringify([{ token, type, url: DEMO_LEAK_URL, source: "content" }]);
    const answer = await handler(
      new Request(new URL("/api/v1/secret-scanning", request.url), {
        method: "POST",
        headers: await scanner.sign(body),
        body,
      }),
    );
    const labels = answer.ok ? ((await answer.json()) as { label: LeakReportAnswer["label"] }[]) : [];
    const result: LeakReportAnswer = { status: answer.status, label: labels[0]?.label ?? null };
    return Response.json(result);
  };
}
