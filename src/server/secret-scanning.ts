// The endpoint GitHub's secret scanning partner program posts to when it finds our keys in public. Formats, from
// GitHub's docs ("Secret scanning partner program", see github-signature.ts for the address):
// - the request body is a JSON array of `{token, type, url, source}` ("url: the public URL where the match was
//   found (may be empty)"); GitHub "may send a single message with more than one secret match";
// - the answer, "feedback for false positives", is an array of `{token_raw | token_hash, token_type, label}`
//   with `label` "true_positive" or "false_positive"; `token_hash` is the SHA-256 of the raw token.

import { errors, KnownError } from "./errors.js";
import { eventBase, type ApiKeyEvent } from "./events.js";
import {
  createSignatureVerifier,
  DEFAULT_KEYS_REFETCH_MILLIS,
  GITHUB_SECRET_SCANNING_KEYS_URL,
} from "./github-signature.js";
import { hashApiKey, parseApiKey, secretScanningType } from "./key-format.js";
import { readBodyBytes } from "./parse.js";
import type { BodySource } from "./parse.js";
import type { ApiKeyStore, LeakReport, StoredApiKey } from "./store.js";
import { guardJsonText } from "./text-guard.js";

export interface SecretScanningOptions {
  /** Where the handler answers reports; default `{basePath}/secret-scanning` (`/api/v1/secret-scanning`). */
  path?: string;
  /** GitHub's public keys document; default https://api.github.com/meta/public_keys/secret_scanning. */
  publicKeysUrl?: string;
  /** Fetches the keys document; default the global `fetch`. */
  fetch?: typeof fetch;
  /** `"revoke"` (default): a reported key that still works is revoked at once. `"flag"`: only recorded. */
  action?: "revoke" | "flag";
  /** Matches taken in one report (default 1000); a larger report answers 413 and changes nothing. */
  maxTokens?: number;
  /** Bytes taken in one report (default 1 MiB); a larger one answers 413. */
  maxBodyBytes?: number;
  /** An unknown key id fetches the keys document again at most this often (default 60 000 ms). */
  refetchMillis?: number;
  /**
   * How the answer names each token: `"token_raw"` (default) echoes the token GitHub sent, `"token_hash"` its
   * SHA-256 in hex, so that not even GitHub's own token comes back in an answer. GitHub accepts either.
   */
  feedback?: "token_raw" | "token_hash";
}

export const DEFAULT_SECRET_SCANNING_MAX_TOKENS = 1000;
export const DEFAULT_SECRET_SCANNING_MAX_BODY_BYTES = 1024 * 1024;
/** A longer url is not kept (the report still counts): no page address needs more. */
export const MAX_LEAK_URL_LENGTH = 2048;
/** Store calls at once for one report: enough to finish a full batch quickly, few enough to share a pool. */
const PARALLEL_LOOKUPS = 8;

export type SecretScanningLabel = "true_positive" | "false_positive";
export type SecretScanningAnswer = ({ token_raw: string } | { token_hash: string }) & {
  token_type: string;
  label: SecretScanningLabel;
};

interface Match {
  token: string;
  type: string;
  url: string;
}

export interface SecretScanningContext {
  store: ApiKeyStore;
  projectId: string;
  keyPrefix: string;
  now: () => number;
}

export interface SecretScanningEndpoint {
  path: string;
  /** `events`: where a revocation's event goes, or null when no one listens. */
  handle(request: BodySource, events: ApiKeyEvent[] | null): Promise<SecretScanningAnswer[]>;
}

export function secretScanningEndpoint(
  options: SecretScanningOptions,
  basePath: string,
  ctx: SecretScanningContext,
): SecretScanningEndpoint {
  const store = ctx.store;
  if (!store.reportLeak) throw new TypeError("secretScanning needs a store with reportLeak.");
  const maxTokens = positive(options.maxTokens ?? DEFAULT_SECRET_SCANNING_MAX_TOKENS, "maxTokens");
  const maxBytes = positive(options.maxBodyBytes ?? DEFAULT_SECRET_SCANNING_MAX_BODY_BYTES, "maxBodyBytes");
  const revoke = (options.action ?? "revoke") === "revoke";
  const verify = createSignatureVerifier({
    url: options.publicKeysUrl ?? GITHUB_SECRET_SCANNING_KEYS_URL,
    fetch: options.fetch ?? ((...args) => fetch(...args)),
    refetchMillis: options.refetchMillis ?? DEFAULT_KEYS_REFETCH_MILLIS,
  });
  const path = options.path ?? `${basePath}/secret-scanning`;
  if (!path.startsWith("/")) throw new TypeError("secretScanning.path must start with /.");

  async function handle(request: BodySource, events: ApiKeyEvent[] | null): Promise<SecretScanningAnswer[]> {
    const keyId = request.headers.get("github-public-key-identifier");
    const signature = request.headers.get("github-public-key-signature");
    if (!keyId || !signature) {
      await request.discard();
      throw new KnownError(
        "SECRET_SCANNING_SIGNATURE_INVALID",
        "A report needs the Github-Public-Key-Identifier and Github-Public-Key-Signature headers.",
      );
    }
    const body = await readBodyBytes(request, maxBytes);
    // Before the body is parsed: nothing in an unsigned report is looked at.
    await verify(keyId, signature, body);
    const matches = parseReport(body, maxTokens);

    const atMillis = ctx.now();
    // A token sent twice in one report is judged once, with its first url.
    const unique = new Map<string, Match>();
    for (const match of matches) if (!unique.has(match.token)) unique.set(match.token, match);
    const pending = [...unique.values()];
    const verdicts = new Map<string, { ours: boolean; type: string }>();
    const worker = async () => {
      for (let match = pending.pop(); match; match = pending.pop()) {
        verdicts.set(match.token, await judge(match, atMillis, events));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LOOKUPS, pending.length) }, worker));

    return Promise.all(
      matches.map(async (match) => {
        const { ours, type } = verdicts.get(match.token)!;
        // GitHub's format names the token it sent, raw or hashed: the one place an answer carries it.
        const name =
          options.feedback === "token_hash"
            ? { token_hash: await hashApiKey(match.token) }
            : { token_raw: match.token };
        return { ...name, token_type: type, label: ours ? "true_positive" : "false_positive" } as const;
      }),
    );
  }

  async function judge(
    match: Match,
    atMillis: number,
    events: ApiKeyEvent[] | null,
  ): Promise<{ ours: boolean; type: string }> {
    const parsed = parseApiKey(match.token);
    // A failing checksum or another app's prefix cannot be a key of ours: the store is not asked.
    if (!parsed || parsed.prefix !== ctx.keyPrefix) return { ours: false, type: match.type };
    const url = match.url.length <= MAX_LEAK_URL_LENGTH ? match.url : "";
    const found = await revokeLeakedKey(
      ctx,
      await hashApiKey(match.token),
      { url, atMillis, revoke },
      events,
    );
    // Revoked or expired before the report, it is still ours, and still leaked.
    return found
      ? { ours: true, type: secretScanningType(ctx.keyPrefix, parsed.isPublic) }
      : { ours: false, type: match.type };
  }

  return { path, handle };
}

/**
 * The one place where a leak revokes a key: records the report and, unless the handler only flags leaks, revokes
 * the key if it still works. `revoked` is true for exactly one report of a key, however many arrive at once, so
 * the "revoked, why: leak" event is told once.
 */
export async function revokeLeakedKey(
  ctx: SecretScanningContext,
  hash: string,
  report: LeakReport,
  events: ApiKeyEvent[] | null,
): Promise<{ key: StoredApiKey; revoked: boolean } | null> {
  const result = await ctx.store.reportLeak!(ctx.projectId, hash, report);
  if (result?.revoked && events) {
    const base = eventBase(result.key, { type: "system" }, report.atMillis);
    events.push({ type: "revoked", why: "leak", ...base, ...(report.url ? { url: report.url } : {}) });
  }
  return result;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The report's matches; messages name the field at fault, never a token. */
function parseReport(bytes: Uint8Array, maxTokens: number): Match[] {
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    throw errors.bodyParsing("A report must be a JSON array in UTF-8.");
  }
  if (!Array.isArray(body)) throw errors.schema("body must be an array of {token, type, url, source}");
  if (body.length > maxTokens) {
    throw new KnownError(
      "BODY_TOO_LARGE",
      `The report holds ${body.length} matches; at most ${maxTokens} are taken in one report.`,
      { max_tokens: maxTokens },
    );
  }
  guardJsonText(body);
  return body.map((item: unknown, i): Match => {
    const match = item as Record<string, unknown> | null;
    const fault = (field: string, expected: string) =>
      errors.schema(`body[${i}]${field} must be ${expected}`);
    if (typeof match !== "object" || match === null || Array.isArray(match)) throw fault("", "an object");
    if (typeof match.token !== "string" || match.token === "") throw fault(".token", "a non-empty string");
    if (typeof match.type !== "string") throw fault(".type", "a string");
    if (match.url != null && typeof match.url !== "string") throw fault(".url", "a string");
    if (match.source != null && typeof match.source !== "string") throw fault(".source", "a string");
    return { token: match.token, type: match.type, url: (match.url as string | undefined) ?? "" };
  });
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`secretScanning.${name} must be at least 1.`);
  return value;
}
