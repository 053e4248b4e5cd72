// Talks to the real handler in-process with real Request objects; shared by the server suites.
import { expect } from "vitest";
import type { ApiKeyFirstViewWire, ApiKeyType } from "../../../src/client/wire.js";
import { createApiKeysHandler, type ApiKeysHandlerOptions } from "../../../src/server/handler.js";
import { sampleHandlerOptions, sampleUsers } from "../../../src/server/sample.js";
import type { ApiKeyStore } from "../../../src/server/store.js";

export const START = Date.UTC(2030, 0, 1);
export const DAY = 24 * 60 * 60 * 1000;

export type Who = keyof typeof sampleUsers | "server" | "anonymous";

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CallOptions {
  as?: Who;
  body?: unknown;
  headers?: Record<string, string>;
}

let projects = 0;

/**
 * A handler for a project of its own on `store`, so suites can share one (slow to make) store without
 * seeing each other's keys, and a clock the test moves by hand.
 */
export function makeApi(store: ApiKeyStore, overrides: Partial<ApiKeysHandlerOptions> = {}) {
  const clock = { now: START };
  // A project of its own unless the test asks for another instance of an existing one.
  const projectId = overrides.projectId ?? `project-${++projects}`;
  const options = sampleHandlerOptions(store, { projectId, now: () => clock.now, ...overrides });
  const handler = createApiKeysHandler(options);

  function headersFor(who: Who): Record<string, string> {
    const base = { "x-stack-project-id": projectId };
    if (who === "server") {
      return {
        ...base,
        "x-stack-access-type": "server",
        "x-stack-secret-server-key": options.secretServerKey,
      };
    }
    const client = {
      ...base,
      "x-stack-access-type": "client",
      "x-stack-publishable-client-key": options.publishableClientKey,
    };
    return who === "anonymous" ? client : { ...client, "x-stack-access-token": sampleUsers[who].accessToken };
  }

  async function call(method: string, path: string, { as = "server", body, headers = {} }: CallOptions = {}) {
    const init: RequestInit = { method, headers: { ...headersFor(as), ...headers } };
    if (body !== undefined) {
      init.body =
        typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
      if (!Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) {
        (init.headers as Record<string, string>)["content-type"] = "application/json";
      }
    }
    return send(new Request(`http://localhost/api/v1${path}`, init));
  }

  async function send(request: Request): Promise<Answer> {
    const response = await handler(request);
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /** Creates a key as `as` (the server by default) and answers its first view. */
  async function create(
    type: ApiKeyType,
    owner: string,
    { as = "server" as Who, ...fields }: { as?: Who; [field: string]: unknown } = {},
  ): Promise<ApiKeyFirstViewWire> {
    const answer = await call("POST", `/${type}-api-keys`, {
      as,
      body: {
        description: `a ${type} key`,
        expires_at_millis: null,
        [type === "user" ? "user_id" : "team_id"]: owner,
        ...fields,
      },
    });
    expect(answer.status, answer.text).toBe(200);
    return answer.json as ApiKeyFirstViewWire;
  }

  return { handler, options, projectId, clock, headersFor, call, send, create };
}

/** Asserts a known error: status, both headers, and a body whose code agrees with them. */
export function expectKnown(answer: Answer, status: number, code: string, details?: Record<string, unknown>) {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get("x-stack-known-error")).toBe(code);
  expect(answer.headers.get("x-hexclave-known-error")).toBe(code);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  expect(answer.json.code).toBe(code);
  expect(typeof answer.json.error).toBe("string");
  expect(answer.json.error.length).toBeGreaterThan(0);
  if (details !== undefined) expect(answer.json.details).toEqual(details);
}

/** Asserts Stack's plain-text answers (no code), e.g. another user's keys or a switched-off feature. */
export function expectPlain(answer: Answer, status: number, text: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get("x-stack-known-error")).toBeNull();
  expect(answer.headers.get("content-type")).toMatch(/^text\/plain/);
  expect(answer.text).toBe(text);
}

/** Asserts a SCHEMA_ERROR whose message mentions every given fragment. */
export function expectSchemaError(answer: Answer, ...fragments: string[]) {
  expectKnown(answer, 400, "SCHEMA_ERROR");
  expect(answer.json.details).toEqual({ message: answer.json.error });
  for (const fragment of fragments) expect(answer.json.error).toContain(fragment);
}
