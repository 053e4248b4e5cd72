import {
  DEFAULT_USAGE_DAYS,
  MAX_USAGE_DAYS,
  USAGE_OUTCOMES,
  type ApiKeyUsageAnswerWire,
  type ApiKeyUsageDayWire,
  type UsageOutcome,
} from "../client/wire.js";
import type { EndpointContext } from "./endpoints.js";
import { ensureCanManage, ensureEnabled, ownerField, resolveListOwner } from "./endpoints.js";
import { KnownError } from "./errors.js";
import { looksLikeApiKey } from "./key-format.js";
import { Problems, idField, queryObject } from "./parse.js";
import { sha256Hex } from "./sha256.js";
import type { ApiKeyStore, UsageCounts, UsageIncrement } from "./store.js";

const DAY_MILLIS = 86_400_000;
/** The default of how long a count waits in an instance before it goes to the store; a crash loses these. */
export const USAGE_FLUSH_INTERVAL_MILLIS = 1_000;
export const DEFAULT_USAGE_RETENTION_DAYS = 90;
// Distinct key-days buffered at once (a few MB at most), besides a failed batch waiting for its retry; beyond,
// new ones are dropped and reported.
const MAX_BUFFERED = 100_000;
// Refusals are buffered by hash until the flush finds their key: a flood of junk keys must not crowd out real ones.
const MAX_BUFFERED_BY_HASH = 10_000;
const PRUNE_EVERY_MILLIS = 3_600_000;
const MAX_RETRY_MILLIS = 60_000;

/** The UTC day of an instant, as days since 1970-01-01. */
export const dayOf = (millis: number) => Math.floor(millis / DAY_MILLIS);
const dateOf = (day: number) => new Date(day * DAY_MILLIS).toISOString().slice(0, 10);

const REFUSALS: Partial<Record<string, UsageOutcome>> = {
  API_KEY_REVOKED: "revoked",
  API_KEY_EXPIRED: "expired",
  API_KEY_INSUFFICIENT_SCOPE: "insufficient_scope",
  RATE_LIMITED: "rate_limited",
};

export interface UsageCounterOptions {
  store: ApiKeyStore;
  projectId: string;
  now: () => number;
  retentionDays: number;
  onError: (error: unknown) => void;
  flushIntervalMillis?: number;
}

export interface UsageCounter {
  /** Runs a check and counts how it ended; the check's answer or error passes through unchanged. */
  count<T extends { id: string }>(ctx: EndpointContext, body: unknown, check: () => Promise<T>): Promise<T>;
  /** Writes what is buffered now (after any flush under way); never rejects: a failure keeps the counts. */
  flush(): Promise<void>;
}

type Entry = UsageIncrement;

/**
 * Counts checks in this instance's memory and adds them to the store in one statement per flush, so a check
 * never waits for a write of its own. A batch that fails is retried as it was, under its number, so the store
 * adds it once even if the failure was only its answer being lost.
 */
export function createUsageCounter(options: UsageCounterOptions): UsageCounter {
  const { store, projectId, now, retentionDays, onError } = options;
  const interval = options.flushIntervalMillis ?? USAGE_FLUSH_INTERVAL_MILLIS;
  let buffer = new Map<string, Entry>();
  // The batch being written or waiting to be retried, and this instance's name and count of batches.
  let pending: { seq: number; rows: Entry[] } | null = null;
  let seq = 0;
  const writerId = crypto.randomUUID();
  let byHash = 0;
  let dropped = 0;
  let flushing: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let retryMillis = interval;
  let lastPruneMillis = -Infinity;

  function schedule(delay: number) {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, delay);
    // A pending flush must not keep a process alive that is otherwise done.
    (timer as { unref?: () => void }).unref?.();
  }

  function add(into: Map<string, Entry>, at: string, entry: Entry) {
    const found = into.get(at);
    if (found) {
      for (let i = 0; i < 5; i++) found.counts[i]! += entry.counts[i]!;
      return;
    }
    const hashed = "hash" in entry;
    if (into.size >= MAX_BUFFERED || (hashed && byHash >= MAX_BUFFERED_BY_HASH)) {
      dropped += entry.counts.reduce((sum, n) => sum + n, 0);
      return;
    }
    if (hashed) byHash++;
    into.set(at, { ...entry, counts: [...entry.counts] });
  }

  function countOne(at: string, entry: Entry) {
    add(buffer, at, entry);
    schedule(interval);
  }

  async function write() {
    // A batch that failed is retried as it was, under its number, before any new one: if its answer was lost
    // after the store added it, the store skips it. At most one new batch follows, so a flush ends under load.
    for (let round = 0; round < 2; round++) {
      const retry = pending !== null;
      if (!pending) {
        if (buffer.size === 0) break;
        pending = { seq: ++seq, rows: [...buffer.values()] };
        buffer = new Map();
        byHash = 0;
      }
      try {
        await store.addUsage!(projectId, pending.rows, { id: writerId, seq: pending.seq, day: dayOf(now()) });
      } catch (error) {
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        report(error);
        schedule(retryMillis);
        return;
      }
      pending = null;
      retryMillis = interval;
      if (!retry) break;
    }
    if (dropped > 0) {
      report(new Error(`Usage counting dropped ${dropped} counts: more key-days than it may buffer.`));
      dropped = 0;
    }
    const at = now();
    if (at - lastPruneMillis >= PRUNE_EVERY_MILLIS) {
      try {
        await store.pruneUsage?.(projectId, dayOf(at) - retentionDays + 1);
        lastPruneMillis = at;
      } catch (error) {
        report(error);
      }
    }
  }

  function report(error: unknown) {
    try {
      onError(error);
    } catch {
      // A failing logger must not stop the counting.
    }
  }

  async function flush(): Promise<void> {
    while (flushing) await flushing;
    if (!pending && buffer.size === 0) return;
    flushing = write().finally(() => {
      flushing = null;
    });
    await flushing;
  }

  return {
    async count(ctx, body, check) {
      const day = dayOf(ctx.now);
      let answer;
      try {
        answer = await check();
      } catch (error) {
        const outcome = error instanceof KnownError ? REFUSALS[error.code] : undefined;
        const apiKey = (body as { api_key?: unknown } | null)?.api_key;
        // A string that fails the checksum cannot be a key we issued: nothing to count it for.
        if (outcome && looksLikeApiKey(apiKey)) {
          const hash = sha256Hex(apiKey);
          countOne(`h ${hash} ${ctx.type} ${day}`, { hash, type: ctx.type, day, counts: one(outcome) });
        }
        throw error;
      }
      countOne(`i ${answer.id} ${day}`, { keyId: answer.id, day, counts: one("ok") });
      return answer;
    },
    flush,
  };
}

function one(outcome: UsageOutcome): UsageCounts {
  const counts: UsageCounts = [0, 0, 0, 0, 0];
  counts[USAGE_OUTCOMES.indexOf(outcome)] = 1;
  return counts;
}

/** Whether a store can keep usage: the handler announces `usage` only then. */
export function storeKeepsUsage(store: ApiKeyStore): boolean {
  return typeof store.addUsage === "function" && typeof store.readUsage === "function";
}

/**
 * GET `/{type}-api-keys/usage?user_id|team_id&days`: permissions as list. This instance's buffered counts are
 * flushed first, so they show; other instances' show once they flush (within their flush interval).
 */
export async function readKeyUsage(
  ctx: EndpointContext,
  params: URLSearchParams,
  counter: UsageCounter,
): Promise<ApiKeyUsageAnswerWire> {
  const problems = new Problems(ctx.where);
  const field = ownerField(ctx.type);
  const query = problems.object(queryObject(params, problems), "query", [field, "days"]);
  const ownerRef = idField(query, field, "query", problems, false);
  const days = daysField(query?.days as string | undefined, problems);
  problems.throwIfAny();
  ensureEnabled(ctx);

  const ownerId = await resolveListOwner(ctx, ownerRef);
  await ensureCanManage(ctx, ctx.type, ownerId);
  const keys = await ctx.store.list(ctx.projectId, ctx.type, ownerId);
  await counter.flush();
  const today = dayOf(ctx.now);
  const from = today - days + 1;
  const stored = keys.length
    ? await ctx.store.readUsage!(
        ctx.projectId,
        keys.map((key) => key.id),
        from,
        today,
      )
    : [];
  // Each key's days by offset, and each date written once: a thousand keys' month is 30,000 days, and an
  // empty day is one shared object per date.
  const byKey = new Map<string, UsageCounts[]>();
  for (const row of stored) {
    let counts = byKey.get(row.keyId);
    if (!counts) byKey.set(row.keyId, (counts = []));
    counts[row.day - from] = row.counts;
  }
  const empty = Array.from({ length: days }, (_, i) => dayWire(dateOf(from + i), EMPTY));
  return {
    items: keys.map(({ id }) => {
      const counts = byKey.get(id);
      return {
        id,
        days: counts ? empty.map((day, i) => (counts[i] ? dayWire(day.date, counts[i]) : day)) : empty,
      };
    }),
  };
}

const EMPTY: UsageCounts = [0, 0, 0, 0, 0];

const dayWire = (date: string, counts: UsageCounts): ApiKeyUsageDayWire => ({
  date,
  ok: counts[0],
  revoked: counts[1],
  expired: counts[2],
  insufficient_scope: counts[3],
  rate_limited: counts[4],
});

function daysField(value: string | undefined, problems: Problems): number {
  if (value === undefined) return DEFAULT_USAGE_DAYS;
  const days = /^[0-9]{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(days >= 1 && days <= MAX_USAGE_DAYS)) {
    problems.add(`query.days must be a whole number from 1 to ${MAX_USAGE_DAYS}`);
  }
  return days;
}
