import { createApiKeyModel } from "./api-key.js";
import type { ApiKey } from "./api-key.js";
import { ApiKeysError } from "./errors.js";
import { createScope } from "./scope.js";
import type { ApiKeyOwner, ApiKeysScope, CallOptions } from "./scope.js";
import { createTransport } from "./transport.js";
import type { Transport } from "./transport.js";
import { parseApiKey } from "./validate.js";
import type { ApiKeyReadWire, ApiKeyType } from "./wire.js";

interface CommonOptions {
  /** Where the API lives, without `/api/v1`: `https://api.stack-auth.com`, or `""` for the same origin. */
  baseUrl: string;
  projectId: string;
  fetch?: typeof fetch;
  /** Milliseconds before a request fails with TIMEOUT. Default 15 000. */
  timeoutMs?: number;
}

export interface ApiKeysClientOptions extends CommonOptions {
  publishableClientKey: string;
  /** Called before every request, so a refreshed session token is always the one sent. */
  getAccessToken: () => string | null | undefined | Promise<string | null | undefined>;
}

export interface ApiKeysServerClientOptions extends Omit<CommonOptions, "baseUrl"> {
  /**
   * The key service's absolute address, without `/api/v1` (`https://keys.example.com`). A server has no page
   * origin to resolve a relative one against. Not needed with `handler`.
   */
  baseUrl?: string;
  /** The key service's handler in this same process: requests go straight to it, with no network. */
  handler?: (request: Request) => Promise<Response>;
  secretServerKey: string;
}

interface BaseClient {
  team(teamId: string): ApiKeysScope;
  scope(owner: ApiKeyOwner): ApiKeysScope;
  /** Turns a key's wire form (from `toJSON()`, a cache or SSR) back into a key with its methods. */
  apiKeyFromJSON(json: unknown): ApiKey;
}

/** For a signed-in user in the browser. */
export interface ApiKeysClient extends BaseClient {
  readonly accessType: "client";
  readonly me: ApiKeysScope;
}

export type ApiKeyCheckFailure = "not-found" | "wrong-type" | "manually-revoked" | "expired" | "malformed";

export type ApiKeyVerification =
  { valid: true; apiKey: ApiKey } | { valid: false; reason: ApiKeyCheckFailure; error: ApiKeysError };

/** For an app's own backend: acts for any user or team, and validates keys that callers present. */
export interface ApiKeysServerClient extends BaseClient {
  readonly accessType: "server";
  user(userId: string): ApiKeysScope;
  /** The key's record (its owner is `userId`), or null when the key does not work. */
  checkUserApiKey(apiKey: string, call?: CallOptions): Promise<ApiKey | null>;
  checkTeamApiKey(apiKey: string, call?: CallOptions): Promise<ApiKey | null>;
  /** As check, with the reason when the key does not work. Network and auth failures still throw. */
  verifyUserApiKey(apiKey: string, call?: CallOptions): Promise<ApiKeyVerification>;
  verifyTeamApiKey(apiKey: string, call?: CallOptions): Promise<ApiKeyVerification>;
}

const CHECK_FAILURES: Record<string, ApiKeyCheckFailure> = {
  API_KEY_NOT_FOUND: "not-found",
  WRONG_API_KEY_TYPE: "wrong-type",
  API_KEY_REVOKED: "manually-revoked",
  API_KEY_EXPIRED: "expired",
  SCHEMA_ERROR: "malformed",
};

function baseClient(transport: Transport): BaseClient {
  return {
    team: (teamId) => createScope(transport, { type: "team", teamId }),
    scope: (owner) => createScope(transport, owner),
    apiKeyFromJSON: (json) => createApiKeyModel(transport, parseApiKey(json) as ApiKeyReadWire),
  };
}

export function createApiKeysClient(options: ApiKeysClientOptions): ApiKeysClient {
  const transport = createTransport({
    ...options,
    headers: async () => {
      const token = await options.getAccessToken();
      return {
        "x-stack-project-id": options.projectId,
        "x-stack-access-type": "client",
        "x-stack-publishable-client-key": options.publishableClientKey,
        ...(token ? { "x-stack-access-token": token } : {}),
      };
    },
  });
  return {
    ...baseClient(transport),
    accessType: "client",
    me: createScope(transport, { type: "user", userId: "me" }),
  };
}

// Requests to an in-process handler still need an absolute URL; the handler reads only its path.
const IN_PROCESS_ORIGIN = "http://in-process.invalid";

function serverTarget(options: ApiKeysServerClientOptions): {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
} {
  const { handler, timeoutMs } = options;
  if (handler) {
    const baseUrl = isAbsoluteUrl(options.baseUrl) ? options.baseUrl! : IN_PROCESS_ORIGIN;
    return { baseUrl, timeoutMs, fetch: (input, init) => handler(new Request(input, init)) };
  }
  if (!isAbsoluteUrl(options.baseUrl)) {
    throw new TypeError(
      `createApiKeysServerClient needs an absolute baseUrl such as "https://keys.example.com" (got ${JSON.stringify(options.baseUrl ?? null)}): ` +
        "a server has no page origin to resolve a relative address against. " +
        "When the key service runs in this same process, pass its handler instead: createApiKeysServerClient({ handler, projectId, secretServerKey }).",
    );
  }
  return { baseUrl: options.baseUrl!, fetch: options.fetch, timeoutMs };
}

function isAbsoluteUrl(url: string | undefined): boolean {
  return typeof url === "string" && /^https?:\/\/[^/]/i.test(url);
}

export function createApiKeysServerClient(options: ApiKeysServerClientOptions): ApiKeysServerClient {
  if (typeof window !== "undefined") {
    throw new Error(
      "createApiKeysServerClient() must not run in a browser: it would send the secret server key to every visitor. " +
        "Use createApiKeysClient() in the browser and keep the server client in your backend.",
    );
  }
  const headers = {
    "x-stack-project-id": options.projectId,
    "x-stack-access-type": "server",
    "x-stack-secret-server-key": options.secretServerKey,
  };
  const transport = createTransport({ ...serverTarget(options), headers: () => headers });

  const verify = async (
    type: ApiKeyType,
    apiKey: string,
    call?: CallOptions,
  ): Promise<ApiKeyVerification> => {
    try {
      const key = await transport(
        "POST",
        `/${type}-api-keys/check`,
        { body: { api_key: apiKey }, signal: call?.signal },
        (json) => createApiKeyModel(transport, parseApiKey(json)),
      );
      return { valid: true, apiKey: key };
    } catch (error) {
      const reason = error instanceof ApiKeysError ? CHECK_FAILURES[error.code] : undefined;
      if (!reason) throw error;
      return { valid: false, reason, error: error as ApiKeysError };
    }
  };
  const check = async (type: ApiKeyType, apiKey: string, call?: CallOptions) => {
    const result = await verify(type, apiKey, call);
    return result.valid ? result.apiKey : null;
  };

  return {
    ...baseClient(transport),
    accessType: "server",
    user: (userId) => createScope(transport, { type: "user", userId }),
    checkUserApiKey: (apiKey, call) => check("user", apiKey, call),
    checkTeamApiKey: (apiKey, call) => check("team", apiKey, call),
    verifyUserApiKey: (apiKey, call) => verify("user", apiKey, call),
    verifyTeamApiKey: (apiKey, call) => verify("team", apiKey, call),
  };
}
