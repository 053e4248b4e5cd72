// Server-side calls to a handler as a backend would make them, for the store and PostgreSQL suites.
import type { ApiKeyFirstViewWire, ApiKeyReadWire, ApiKeyType } from "../../src/client/wire.js";
import type { ApiKeysHandler } from "../../src/server/handler.js";
import { sampleProject } from "../../src/server/sample.js";

const headers = {
  "content-type": "application/json",
  "x-stack-project-id": sampleProject.projectId,
  "x-stack-access-type": "server",
  "x-stack-secret-server-key": sampleProject.secretServerKey,
};

export function serverRequest(
  method: string,
  path: string,
  body?: unknown,
  origin = "http://api.test",
): Request {
  return new Request(`${origin}/api/v1${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const ownerField = (type: ApiKeyType) => (type === "user" ? "user_id" : "team_id");

async function json<T>(response: Response, expected: number): Promise<T> {
  const text = await response.text();
  if (response.status !== expected) throw new Error(`Expected ${expected}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export interface CreateKeyOptions {
  type?: ApiKeyType;
  ownerId?: string;
  isPublic?: boolean;
  description?: string;
}

export async function createKey(
  handler: ApiKeysHandler,
  {
    type = "user",
    ownerId = "user-alice",
    isPublic = false,
    description = "test key",
  }: CreateKeyOptions = {},
): Promise<ApiKeyFirstViewWire> {
  const body = { description, expires_at_millis: null, is_public: isPublic, [ownerField(type)]: ownerId };
  return json(await handler(serverRequest("POST", `/${type}-api-keys`, body)), 200);
}

/** The raw answer of check, for tests that look at the status and error code. */
export function check(handler: ApiKeysHandler, apiKey: string, type: ApiKeyType = "user"): Promise<Response> {
  return handler(serverRequest("POST", `/${type}-api-keys/check`, { api_key: apiKey }));
}

export async function revoke(
  handler: ApiKeysHandler,
  key: { id: string; type: ApiKeyType },
): Promise<ApiKeyReadWire> {
  return json(
    await handler(serverRequest("PATCH", `/${key.type}-api-keys/${key.id}`, { revoked: true })),
    200,
  );
}

export async function rename(
  handler: ApiKeysHandler,
  key: { id: string; type: ApiKeyType },
  description: string,
): Promise<ApiKeyReadWire> {
  return json(await handler(serverRequest("PATCH", `/${key.type}-api-keys/${key.id}`, { description })), 200);
}

export async function readKey(
  handler: ApiKeysHandler,
  key: { id: string; type: ApiKeyType },
): Promise<ApiKeyReadWire> {
  return json(await handler(serverRequest("GET", `/${key.type}-api-keys/${key.id}`)), 200);
}

/** The error code of a known-error answer, or "OK" for a 2xx. */
export async function outcome(response: Response): Promise<string> {
  const text = await response.text();
  if (response.ok) return "OK";
  try {
    return (JSON.parse(text) as { code?: string }).code ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}
