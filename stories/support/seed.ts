// Seeds a store the way a real project fills up: every key is created, used and revoked through the
// reference handler with server access, each call on its own moment of a clock that walks through the past.
import type { ApiKeyOwner } from "../../src/client/index.js";
import { createApiKeysHandler, flushApiKeyUsage } from "../../src/server/handler.js";
import { hashApiKey } from "../../src/server/key-format.js";
import { sampleHandlerOptions, sampleProject } from "../../src/server/sample.js";
import type { ApiKeyStore, UsageCounts } from "../../src/server/store.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type SeedName = "none" | "some" | "mixed" | "many" | "lifecycle" | "scoped" | "usage" | "leaked";

/** What the stories' server declares when its `scopes` extension is on; seeds may use them always. */
export const STORY_SCOPES = [
  { id: "notes:read", label: "Read notes", description: "List and open notes" },
  { id: "notes:write", label: "Write notes", description: "Create, edit and delete notes" },
  { id: "billing:read", label: "See invoices" },
  { id: "billing:write", label: "Change the plan" },
];

/** One key's life, in offsets from the story's "now" (negative: in the past). */
export interface SeedKey {
  description: string;
  isPublic?: boolean;
  createdAt: number;
  /** Absent: never expires. */
  expiresAt?: number;
  lastUsedAt?: number;
  revokedAt?: number;
  /** Rolled at this moment into a key of the same description, the old one working `overlap` more. */
  rolled?: { at: number; overlap: number; expiresAt?: number };
  /** usage: checks per UTC day by outcome (ok, revoked, expired, insufficient_scope, rate_limited), today last. */
  usage?: UsageCounts[];
  /** Absent: full access. */
  scopes?: string[];
  /** Reported found in public at this moment, as secret scanning records it: revoked, or only flagged. */
  leak?: { at: number; url: string; revoke: boolean };
}

const day = (n: number) => n * DAY;
const hour = (n: number) => n * HOUR;

/** Active keys of every kind: secret and public, expiring and not, used recently and never. */
const SOME: SeedKey[] = [
  {
    description: "Production deploys",
    createdAt: -day(40),
    expiresAt: day(50),
    lastUsedAt: -hour(2),
  },
  { description: "Billing webhook", createdAt: -day(12), lastUsedAt: -day(3) },
  { description: "Storefront widget", isPublic: true, createdAt: -day(5), expiresAt: day(360) },
  { description: "Local development", createdAt: -day(1), expiresAt: day(29) },
];

const REVOKED_AND_EXPIRED: SeedKey[] = [
  {
    description: "Old CI runner",
    createdAt: -day(120),
    expiresAt: -day(3),
    lastUsedAt: -day(10),
  },
  {
    description: "Laptop that was stolen",
    createdAt: -day(60),
    lastUsedAt: -day(21),
    revokedAt: -day(20),
  },
  { description: "Staging widget", isPublic: true, createdAt: -day(200), revokedAt: -day(100) },
  { description: "Trial integration", createdAt: -day(47), expiresAt: -day(40) },
];

/** Keys about to expire, and a key rolled yesterday whose old key works a few hours more. */
const LIFECYCLE: SeedKey[] = [
  { description: "Staging deploys", createdAt: -day(27), expiresAt: day(3), lastUsedAt: -hour(5) },
  { description: "Partner sandbox", isPublic: true, createdAt: -day(84), expiresAt: day(6) },
  {
    description: "Billing webhook",
    createdAt: -day(60),
    expiresAt: day(30),
    lastUsedAt: -day(1),
    rolled: { at: -hour(2), overlap: day(1), expiresAt: day(88) },
  },
  { description: "Local development", createdAt: -day(1), expiresAt: day(29) },
];

/** Keys reported found in public: one revoked for it, one only flagged (a handler with `action: "flag"`). */
const LEAKED: SeedKey[] = [
  {
    description: "CI deploy token",
    createdAt: -day(30),
    lastUsedAt: -day(2),
    leak: { at: -hour(3), url: "https://github.com/acme/site/blob/4f2a9c1/.env", revoke: true },
  },
  {
    description: "Analytics widget",
    isPublic: true,
    createdAt: -day(9),
    leak: { at: -hour(20), url: "https://gist.github.com/someone/7d1e", revoke: false },
  },
  { description: "Local development", createdAt: -day(1), expiresAt: day(29) },
];

/** A month of checks, drawn from a day's number so every render shows the same bars. */
const month = (perDay: (day: number) => UsageCounts): UsageCounts[] =>
  Array.from({ length: 30 }, (_, i) => perDay(i));

/** Keys for the usage stories: heavy use, many refusals, and none yet. */
const USAGE: SeedKey[] = [
  {
    description: "Production deploys",
    createdAt: -day(90),
    lastUsedAt: -hour(1),
    usage: month((i) => [
      180 + ((i * 37) % 90) - (i % 7 === 5 ? 120 : 0),
      0,
      0,
      i % 9 === 4 ? 2 : 0,
      i === 26 ? 14 : 0,
    ]),
  },
  {
    description: "Old mobile app",
    createdAt: -day(200),
    lastUsedAt: -day(6),
    revokedAt: -day(6),
    usage: month((i) => (i < 24 ? [40 + ((i * 13) % 25), 0, 0, 0, 0] : [0, 30 + ((i * 7) % 20), 0, 0, 0])),
  },
  { description: "Local development", createdAt: -day(1), expiresAt: day(29) },
];

/** Keys limited to some scopes, beside one with full access. */
const SCOPED: SeedKey[] = [
  { description: "Production deploys", createdAt: -day(40), expiresAt: day(50) },
  { description: "Notes reader", createdAt: -day(9), scopes: ["notes:read"] },
  {
    description: "Accounting export",
    createdAt: -day(3),
    expiresAt: day(87),
    scopes: ["notes:read", "notes:write", "billing:read"],
  },
];

const SERVICES = ["Deploy bot", "Metrics exporter", "Nightly backup", "Support tool", "Search indexer"];

/** A thousand keys over two years: mostly active, every seventh revoked, every fifth expired. */
function manyKeys(): SeedKey[] {
  return Array.from({ length: 1000 }, (_, i): SeedKey => {
    const createdAt = -hour(17 * i + 1);
    const key: SeedKey = {
      description: `${SERVICES[i % SERVICES.length]} ${String(i + 1).padStart(4, "0")}`,
      isPublic: i % 11 === 3,
      createdAt,
    };
    if (i % 5 === 2) key.expiresAt = createdAt + hour(12);
    else if (i % 3 === 0) key.expiresAt = day(30 + (i % 300));
    if (i % 4 === 1) key.lastUsedAt = createdAt + hour(6);
    if (i % 7 === 5) key.revokedAt = createdAt + hour(8);
    return key;
  });
}

export function seedsFor(name: SeedName): SeedKey[] {
  switch (name) {
    case "none":
      return [];
    case "some":
      return SOME;
    case "mixed":
      return [...SOME, ...REVOKED_AND_EXPIRED];
    case "many":
      return manyKeys();
    case "lifecycle":
      return LIFECYCLE;
    case "usage":
      return USAGE;
    case "scoped":
      return SCOPED;
    case "leaked":
      return LEAKED;
  }
}

/** Answers the whole keys by description, for stories that use a key (the check endpoint, say). */
export async function seedKeys(
  store: ApiKeyStore,
  owner: ApiKeyOwner,
  keys: readonly SeedKey[],
  now: Date,
): Promise<Map<string, string>> {
  let clock = now.getTime();
  const handler = createApiKeysHandler(
    sampleHandlerOptions(store, { now: () => clock, scopes: STORY_SCOPES }),
  );
  const path = owner.type === "user" ? "user-api-keys" : "team-api-keys";
  const ownerField: Record<string, string> =
    owner.type === "user" ? { user_id: owner.userId } : { team_id: owner.teamId };
  const call = async (method: string, url: string, body: unknown) => {
    const response = await handler(
      new Request(`http://stories.invalid/api/v1/${url}`, {
        method,
        headers: {
          "content-type": "application/json",
          "x-stack-project-id": sampleProject.projectId,
          "x-stack-access-type": "server",
          "x-stack-secret-server-key": sampleProject.secretServerKey,
        },
        body: JSON.stringify(body),
      }),
    );
    if (!response.ok) throw new Error(`Seeding: ${method} ${url} answered ${await response.text()}`);
    return (await response.json()) as { id: string; value: string };
  };

  const wholeKeys = new Map<string, string>();
  // Oldest first, so the store's creation order matches the clock.
  const ordered = [...keys].sort((a, b) => a.createdAt - b.createdAt);
  await withRepeatableRandomness(async () => {
    for (const key of ordered) {
      const at = (offset: number) => now.getTime() + offset;
      clock = at(key.createdAt);
      const created = await call("POST", path, {
        ...ownerField,
        description: key.description,
        is_public: key.isPublic ?? false,
        expires_at_millis: key.expiresAt === undefined ? null : at(key.expiresAt),
        ...(key.scopes ? { scopes: key.scopes } : {}),
      });
      wholeKeys.set(key.description, created.value);
      if (key.lastUsedAt !== undefined) {
        clock = at(key.lastUsedAt);
        await call("POST", `${path}/check`, { api_key: created.value });
      }
      if (key.rolled) {
        clock = at(key.rolled.at);
        const query = new URLSearchParams(ownerField);
        const { expiresAt, overlap } = key.rolled;
        await call("POST", `${path}/${created.id}/roll?${query}`, {
          expires_at_millis: expiresAt === undefined ? null : at(expiresAt),
          overlap_millis: overlap,
        });
      }
      if (key.revokedAt !== undefined) {
        clock = at(key.revokedAt);
        const query = new URLSearchParams(ownerField);
        await call("PATCH", `${path}/${created.id}?${query}`, { revoked: true });
      }
      if (key.leak) {
        const { at: reportedAt, url, revoke } = key.leak;
        const hash = await hashApiKey(created.value);
        await store.reportLeak!(sampleProject.projectId, hash, { url, atMillis: at(reportedAt), revoke });
      }
      // Stored as the counter would have written them, day by day: thousands of checks need no thousand calls.
      await store.addUsage?.(
        sampleProject.projectId,
        (key.usage ?? []).map((counts, i, all) => ({
          keyId: created.id,
          day: Math.floor(now.getTime() / DAY) - (all.length - 1 - i),
          counts,
        })),
      );
    }
  });
  // The checks behind `lastUsedAt` are counted too, as they would have been.
  await flushApiKeyUsage(handler);
  return wholeKeys;
}

/**
 * Seeded keys get the same characters on every render, so their last four never change between
 * screenshots. The handler draws them from `crypto.getRandomValues`, which is swapped for a fixed
 * pseudo-random stream (mulberry32) only while seeding runs; keys created in a story stay truly random.
 */
function withRepeatableRandomness<T>(run: () => Promise<T>): Promise<T> {
  // One seeding at a time (a page may build several backends at once), so each swap restores the original.
  const turn = seeding.then(() => swapRandomnessDuring(run));
  seeding = turn.catch(() => {});
  return turn;
}

let seeding: Promise<unknown> = Promise.resolve();

async function swapRandomnessDuring<T>(run: () => Promise<T>): Promise<T> {
  const original = crypto.getRandomValues;
  let state = 0x5eed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  crypto.getRandomValues = (<A extends ArrayBufferView | null>(array: A): A => {
    if (array instanceof Uint8Array) {
      for (let i = 0; i < array.length; i++) array[i] = next();
      return array;
    }
    return original.call(crypto, array as never) as A;
  }) as typeof crypto.getRandomValues;
  try {
    return await run();
  } finally {
    crypto.getRandomValues = original;
  }
}
