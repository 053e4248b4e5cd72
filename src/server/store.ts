import type { ApiKeyType } from "../client/wire.js";

/** One key as the store keeps it: never the whole key, only its SHA-256 hash and last four characters. */
export interface StoredApiKey {
  id: string;
  projectId: string;
  type: ApiKeyType;
  /** The user id for a user key, the team id for a team key. */
  ownerId: string;
  description: string;
  isPublic: boolean;
  /** Lowercase hex SHA-256 of the whole key string. */
  hash: string;
  lastFour: string;
  createdAtMillis: number;
  expiresAtMillis: number | null;
  revokedAtMillis: number | null;
  lastUsedAtMillis: number | null;
  /** roll: the key this one replaced. Absent or null on keys that were never part of a roll. */
  rolledFromId?: string | null;
  /** roll: the key that replaced this one. */
  rolledToId?: string | null;
  /** scopes: what the key may do; absent or null means full access. */
  scopes?: string[] | null;
  /** Why the key was revoked, when the server revoked it on its own: `"leak"` (secret scanning). */
  revokedReason?: string | null;
  /** secret scanning: when the key was first reported as found in public, and where (may be empty). */
  leakedAtMillis?: number | null;
  leakUrl?: string | null;
}

/** secret scanning: one report of a key found in public. */
export interface LeakReport {
  /** Where it was found; GitHub may send an empty string. */
  url: string;
  atMillis: number;
  /** Revoke the key if it still works at `atMillis` (false: only record the report). */
  revoke: boolean;
}

/** How `roll` changes the old key: it stops working at the earlier of its own expiry and `untilMillis`. */
export interface RollChange {
  atMillis: number;
  untilMillis: number;
  /** Overlap 0: the old key is revoked at `atMillis` as well. */
  revokeNow: boolean;
  /**
   * scopes: the new key's, which must lie within the old key's as it stands at the roll (null, full access,
   * only from a full-access key); when they do not, nothing changes. Absent: the old key's own.
   */
  scopes?: string[] | null;
}

/**
 * Where keys live. Every method is one atomic step, so several handler instances may share a store
 * (PostgreSQL) without a lock of their own.
 */
export interface ApiKeyStore {
  insert(key: StoredApiKey): Promise<void>;
  get(projectId: string, id: string): Promise<StoredApiKey | null>;
  /** Newest first; at most `limit` keys when given. */
  list(projectId: string, type: ApiKeyType, ownerId: string, limit?: number): Promise<StoredApiKey[]>;
  findByHash(projectId: string, hash: string): Promise<StoredApiKey | null>;
  updateDescription(projectId: string, id: string, description: string): Promise<StoredApiKey | null>;
  /** Sets the revocation time only if none is set yet, and answers the row as it then stands. */
  revoke(projectId: string, id: string, atMillis: number): Promise<StoredApiKey | null>;
  /**
   * events: `revoke`, also saying whether this call set the time; of concurrent calls exactly one does. Optional:
   * without it, a revoke is announced when the time stored is the request's own.
   */
  claimRevocation?(
    projectId: string,
    id: string,
    atMillis: number,
  ): Promise<{ key: StoredApiKey; revoked: boolean } | null>;
  markUsed(projectId: string, id: string, atMillis: number): Promise<void>;
  /**
   * secret scanning: in one atomic step, records the first report of the key with this hash (a later report
   * keeps the first time and url) and, if `report.revoke` and the key still works, revokes it with the reason
   * `"leak"`. Answers the row as it then stands and whether this call revoked it, or `null` when the project
   * has no key with this hash. Of concurrent reports exactly one revokes. Optional: the handler's
   * `secretScanning` needs it (all built-in stores have it).
   */
  reportLeak?(
    projectId: string,
    hash: string,
    report: LeakReport,
  ): Promise<{ key: StoredApiKey; revoked: boolean } | null>;
  /**
   * scopes: sets the key's scopes to `scopes` only if they lie within its current ones (any list does when it
   * has full access), in one atomic step; answers the row as it then stands, or `null` when the key is missing
   * or the change would widen it. Concurrent narrowings never leave a key wider than either asked.
   */
  narrowScopes(projectId: string, id: string, scopes: string[]): Promise<StoredApiKey | null>;
  /**
   * Replaces key `id` by `next` in one atomic step, only if `id` is neither revoked, expired at
   * `change.atMillis`, nor already rolled: `next` gets the old key's description, `rolledFromId: id`, and the
   * old key `rolledToId: next.id` and its shortened life. Answers both rows as they then stand, or `null`
   * (changing nothing) when the key is missing or not rollable; of concurrent rolls of one key exactly one wins.
   */
  roll(
    projectId: string,
    id: string,
    next: StoredApiKey,
    change: RollChange,
  ): Promise<{ previous: StoredApiKey; next: StoredApiKey } | null>;
  /**
   * `check`'s success path in one step: if the project has a key with this hash that is of `type`, not revoked
   * and not expired at `atMillis`, records the use (never moving an earlier recorded later use back) and
   * answers the key as it then stands; otherwise changes nothing and answers `null`, and `findByHash` tells why.
   * Optional: without it, `check` reads the key and then calls `markUsed`.
   */
  markUsedByHash?(
    projectId: string,
    hash: string,
    type: ApiKeyType,
    atMillis: number,
  ): Promise<StoredApiKey | null>;
  /**
   * Inserts the key only if its owner holds fewer than `maxWorking` working keys (neither revoked nor expired
   * at its creation time), counting and inserting as one step; answers whether it did. Optional.
   */
  insertWithinLimit?(key: StoredApiKey, maxWorking: number): Promise<boolean>;
  /**
   * Counts one request of `subject` in the fixed window starting at `windowStartMillis`, if fewer than `limit`
   * are counted there yet; answers the count after it, or `null` when the window is spent. Shared by every
   * instance on the store. Optional; `createSharedRateLimiter` needs it and `peekRequests`.
   */
  countRequest?(
    subject: string,
    windowStartMillis: number,
    windowMs: number,
    limit: number,
  ): Promise<number | null>;
  /** The requests counted for `subject` in that window, without counting one. */
  peekRequests?(subject: string, windowStartMillis: number): Promise<number>;
  /**
   * events (`sweepApiKeyEvents`): marks and answers at most `limit` keys that work at `atMillis` (neither revoked,
   * expired nor rolled) and expire by `untilMillis`, skipping a key whose current expiry was claimed before. Of
   * concurrent calls, each key goes to exactly one.
   */
  claimExpiring?(
    projectId: string,
    atMillis: number,
    untilMillis: number,
    limit: number,
  ): Promise<StoredApiKey[]>;
  /**
   * events: marks and answers at most `limit` rolled keys, not revoked, whose life ended by `atMillis`, each once
   * ever; of concurrent calls, each key goes to exactly one.
   */
  claimEndedOverlaps?(projectId: string, atMillis: number, limit: number): Promise<StoredApiKey[]>;
  /**
   * usage: adds each row's counts to its key and day. Optional: without it the handler counts no usage. With
   * `writer`, does nothing if that writer's `seq` is not above the last one it added: a flush retried after its
   * answer was lost is not added twice.
   */
  addUsage?(projectId: string, rows: UsageIncrement[], writer?: UsageWriter): Promise<void>;
  /** usage: the stored days from `fromDay` to `toDay` (both included) of these keys, in any order. */
  readUsage?(projectId: string, keyIds: string[], fromDay: number, toDay: number): Promise<StoredUsageDay[]>;
  /** usage: drops every day before `beforeDay`. */
  pruneUsage?(projectId: string, beforeDay: number): Promise<void>;
  close(): Promise<void>;
}

/** Counts per outcome, in the order of `USAGE_OUTCOMES`: ok, revoked, expired, insufficient_scope, rate_limited. */
export type UsageCounts = [number, number, number, number, number];

/**
 * Counts for one key and UTC day (days since 1970-01-01). A refusal names its key by hash and type, as the
 * check that refused it may not have read the key; the store adds it to that key if it has one, else drops it.
 */
export type UsageIncrement = { day: number; counts: UsageCounts } & (
  { keyId: string } | { hash: string; type: ApiKeyType }
);

/** One handler instance's flushes: `seq` grows by one per batch; a retried batch keeps its number. */
export interface UsageWriter {
  id: string;
  seq: number;
  /** Today, so the store can forget writers idle for longer than it keeps usage. */
  day: number;
}

export interface StoredUsageDay {
  keyId: string;
  day: number;
  counts: UsageCounts;
}
