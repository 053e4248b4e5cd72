import type { ApiKey, ApiKeyCheckFailure, ApiKeysServerClient } from "../../src/client/index.js";

/** The sample app's own API: one protected endpoint that tells a caller whose key it sent. */
export const WHOAMI_PATH = "/demo/whoami";

export type WhoamiOwner = { type: "user"; userId: string } | { type: "team"; teamId: string };

export interface WhoamiSuccess {
  owner: WhoamiOwner;
  key: {
    id: string;
    description: string;
    lastFour: string;
    isPublic: boolean;
    createdAt: string;
    expiresAt: string | null;
  };
}

export type WhoamiRefusalReason = ApiKeyCheckFailure | "missing";

export interface WhoamiRefusal {
  reason: WhoamiRefusalReason;
  /** The key service's error code, when it was asked. */
  code?: string;
  message: string;
}

const MISSING_MESSAGE = "Send an API key in the Authorization header (Bearer) or in x-api-key.";

/** A key from `Authorization: Bearer …` (the usual place) or `x-api-key` (what many APIs accept). */
export function readPresentedKey(headers: Headers): string | null {
  const authorization = headers.get("authorization")?.trim();
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (match) return match[1]!.trim();
  }
  return headers.get("x-api-key")?.trim() || null;
}

/**
 * Answers who owns the presented key by asking the key service (the server client), user keys first.
 * A user check answers `wrong-type` for a team key, and only then is the team check worth a round trip.
 */
export function createWhoami(keys: ApiKeysServerClient): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return json(405, { reason: "method", message: "Use GET." }, { allow: "GET, HEAD" });
    }
    const presented = readPresentedKey(request.headers);
    if (!presented) return refuse({ reason: "missing", message: MISSING_MESSAGE });

    try {
      const asUser = await keys.verifyUserApiKey(presented);
      if (asUser.valid) return json(200, success(asUser.apiKey));
      if (asUser.reason !== "wrong-type") {
        return refuse({ reason: asUser.reason, code: asUser.error.code, message: asUser.error.message });
      }
      const asTeam = await keys.verifyTeamApiKey(presented);
      if (asTeam.valid) return json(200, success(asTeam.apiKey));
      return refuse({ reason: asTeam.reason, code: asTeam.error.code, message: asTeam.error.message });
    } catch (error) {
      // The key service itself failed (down, misconfigured): not the caller's fault, so not a 401.
      const message = error instanceof Error ? error.message : String(error);
      return json(502, { reason: "unavailable", message: `The key service failed: ${message}` });
    }
  };
}

function success(key: ApiKey): WhoamiSuccess {
  const owner: WhoamiOwner =
    key.type === "user"
      ? { type: "user", userId: key.userId ?? "" }
      : { type: "team", teamId: key.teamId ?? "" };
  return {
    owner,
    key: {
      id: key.id,
      description: key.description,
      lastFour: key.value.lastFour,
      isPublic: key.isPublic,
      createdAt: key.createdAt.toISOString(),
      expiresAt: key.expiresAt ? key.expiresAt.toISOString() : null,
    },
  };
}

function refuse(body: WhoamiRefusal): Response {
  return json(401, body, { "www-authenticate": 'Bearer realm="demo"' });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}
