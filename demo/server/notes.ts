import type { ApiKey, ApiKeysServerClient } from "../../src/client/index.js";
import { readPresentedKey, type WhoamiRefusal } from "./whoami.js";

/** The sample app's notes: reading needs `notes:read`, writing `notes:write`. */
export const NOTES_PATH = "/demo/notes";

/** The scopes the demo's key service declares, so a key can be made for reading only. */
export const DEMO_SCOPES = [
  { id: "notes:read", label: "Read notes", description: "GET /demo/notes" },
  { id: "notes:write", label: "Write notes", description: "POST /demo/notes" },
];

export interface Note {
  text: string;
  createdAt: string;
}

export interface NotesRefusal extends WhoamiRefusal {
  /** With reason `insufficient-scope`: the scopes the key lacks. */
  missingScopes?: string[];
}

const MAX_NOTE_LENGTH = 500;

/** GET lists the key owner's notes, POST `{text}` adds one; each asks the key service for its one scope. */
export function createNotes(keys: ApiKeysServerClient): (request: Request) => Promise<Response> {
  // Kept per owner in memory: the demo is about the keys, not the notes.
  const notes = new Map<string, Note[]>();
  return async (request) => {
    const method = request.method.toUpperCase();
    if (method !== "GET" && method !== "POST") {
      return json(405, { reason: "method", message: "Use GET or POST." }, { allow: "GET, POST" });
    }
    const presented = readPresentedKey(request.headers);
    if (!presented) {
      return refuse(401, {
        reason: "missing",
        message: "Send an API key in the Authorization header (Bearer).",
      });
    }
    const scope = method === "GET" ? "notes:read" : "notes:write";
    let key: ApiKey;
    try {
      let verdict = await keys.verifyUserApiKey(presented, { scopes: [scope] });
      if (!verdict.valid && verdict.reason === "wrong-type") {
        verdict = await keys.verifyTeamApiKey(presented, { scopes: [scope] });
      }
      if (!verdict.valid) {
        const { reason, error } = verdict;
        if (reason === "insufficient-scope") {
          const missingScopes = (error.details?.missing_scopes as string[] | undefined) ?? [scope];
          return refuse(403, {
            reason,
            code: error.code,
            missingScopes,
            message: `This key may not do this: it lacks ${missingScopes.join(", ")}.`,
          });
        }
        return refuse(401, { reason, code: error.code, message: error.message });
      }
      key = verdict.apiKey;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return json(502, { reason: "unavailable", message: `The key service failed: ${message}` });
    }
    const owner = key.type === "user" ? `user:${key.userId}` : `team:${key.teamId}`;
    const list = notes.get(owner) ?? [];
    if (method === "GET") return json(200, { notes: list });

    const text = await request
      .json()
      .then((body: unknown) => (body as { text?: unknown } | null)?.text)
      .catch(() => undefined);
    if (typeof text !== "string" || text.trim() === "" || text.length > MAX_NOTE_LENGTH) {
      return json(400, {
        reason: "malformed",
        message: `Send JSON {"text": "…"} of 1 to ${MAX_NOTE_LENGTH} characters.`,
      });
    }
    const note = { text: text.trim(), createdAt: new Date().toISOString() };
    notes.set(owner, [note, ...list]);
    return json(201, { note });
  };
}

function refuse(status: 401 | 403, body: NotesRefusal): Response {
  return json(status, body, { "www-authenticate": 'Bearer realm="demo"' });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}
