import type { ApiKeyType } from "../client/wire.js";
import type { ApiKeyStore, StoredApiKey, StoredUsageDay, UsageCounts } from "./store.js";

/**
 * Keeps keys in a Map for tests, stories and the demo server. Rows go in and come out as copies, so a caller
 * that edits what it got back cannot change what is stored.
 */
interface Row {
  key: StoredApiKey;
  seq: number;
  /** events: the expiry an `expiring` event was claimed for. */
  expiryClaimed?: number;
  /** events: whether the end of the key's overlap was claimed. */
  overlapEndClaimed?: boolean;
}

export function memoryStore(): ApiKeyStore {
  // The sequence number orders keys created within the same millisecond (a fixed clock makes that common).
  const rows = new Map<string, Row>();
  // The same rows by project and hash, which never change once inserted, so check need not scan every key.
  const byHash = new Map<string, Row>();
  // usage: by project, key id and UTC day.
  const usage = new Map<string, Map<string, Map<number, UsageCounts>>>();
  // usage: each writer's last flush added, by project and writer id.
  const writers = new Map<string, { seq: number; day: number }>();
  // The same rows by owner, so a list (and the per-owner limit) reads one owner's keys, not every key.
  const byOwner = new Map<string, Set<Row>>();
  // Rate-limit counters, by subject and window.
  const counters = new Map<string, { count: number; expiresAtMillis: number }>();
  let nextSeq = 0;
  let closed = false;

  const rowKey = (projectId: string, id: string) => JSON.stringify([projectId, id]);
  const hashKey = (projectId: string, hash: string) => JSON.stringify([projectId, hash]);
  const copy = (key: StoredApiKey): StoredApiKey =>
    key.scopes ? { ...key, scopes: [...key.scopes] } : { ...key };
  const within = (scopes: string[] | null, outer: string[] | null | undefined) =>
    !outer || (scopes !== null && scopes.every((id) => outer.includes(id)));
  const ownerKey = (projectId: string, type: ApiKeyType, ownerId: string) =>
    JSON.stringify([projectId, type, ownerId]);
  const open = () => {
    if (closed) throw new Error("This memory store has been closed.");
  };

  const place = (row: Row) => {
    const { key } = row;
    rows.set(rowKey(key.projectId, key.id), row);
    byHash.set(hashKey(key.projectId, key.hash), row);
    const atOwner = ownerKey(key.projectId, key.type, key.ownerId);
    let owned = byOwner.get(atOwner);
    if (!owned) byOwner.set(atOwner, (owned = new Set()));
    owned.add(row);
  };

  const store: ApiKeyStore = {
    async insert(key) {
      open();
      const at = rowKey(key.projectId, key.id);
      const atHash = hashKey(key.projectId, key.hash);
      if (rows.has(at)) throw new Error(`A key with id ${key.id} already exists.`);
      if (byHash.has(atHash)) throw new Error("A key with this hash already exists.");
      const row = { key: copy(key), seq: nextSeq++ };
      if (!row.key.scopes) delete row.key.scopes;
      place(row);
    },
    async get(projectId, id) {
      open();
      const row = rows.get(rowKey(projectId, id));
      return row ? copy(row.key) : null;
    },
    async list(projectId: string, type: ApiKeyType, ownerId: string, limit = Infinity) {
      open();
      return [...(byOwner.get(ownerKey(projectId, type, ownerId)) ?? [])]
        .sort((a, b) => b.key.createdAtMillis - a.key.createdAtMillis || b.seq - a.seq)
        .slice(0, limit)
        .map(({ key }) => copy(key));
    },
    async insertWithinLimit(key, maxWorking) {
      open();
      let working = 0;
      for (const { key: stored } of byOwner.get(ownerKey(key.projectId, key.type, key.ownerId)) ?? []) {
        const expired = stored.expiresAtMillis !== null && stored.expiresAtMillis <= key.createdAtMillis;
        if (stored.revokedAtMillis === null && !expired) working++;
      }
      if (working >= maxWorking) return false;
      await store.insert(key);
      return true;
    },
    async countRequest(subject, windowStartMillis, windowMs, limit) {
      open();
      const at = JSON.stringify([subject, windowStartMillis]);
      let counter = counters.get(at);
      if (!counter) {
        // A new window: drop the ended ones, so the counters hold only running windows.
        for (const [name, old] of counters)
          if (old.expiresAtMillis <= windowStartMillis) counters.delete(name);
        counter = { count: 0, expiresAtMillis: windowStartMillis + windowMs };
        counters.set(at, counter);
      }
      if (counter.count >= limit) return null;
      return ++counter.count;
    },
    async peekRequests(subject, windowStartMillis) {
      open();
      return counters.get(JSON.stringify([subject, windowStartMillis]))?.count ?? 0;
    },
    async findByHash(projectId, hash) {
      open();
      const row = byHash.get(hashKey(projectId, hash));
      return row ? copy(row.key) : null;
    },
    async updateDescription(projectId, id, description) {
      open();
      const row = rows.get(rowKey(projectId, id));
      if (!row) return null;
      row.key.description = description;
      return copy(row.key);
    },
    async revoke(projectId, id, atMillis) {
      open();
      const row = rows.get(rowKey(projectId, id));
      if (!row) return null;
      row.key.revokedAtMillis ??= atMillis;
      return copy(row.key);
    },
    async reportLeak(projectId, hash, { url, atMillis, revoke }) {
      open();
      const key = byHash.get(hashKey(projectId, hash))?.key;
      if (!key) return null;
      if (key.leakedAtMillis == null) {
        key.leakedAtMillis = atMillis;
        key.leakUrl = url;
      }
      const works = key.expiresAtMillis === null || key.expiresAtMillis > atMillis;
      const revoked = revoke && key.revokedAtMillis === null && works;
      if (revoked) {
        key.revokedAtMillis = atMillis;
        key.revokedReason = "leak";
      }
      return { key: copy(key), revoked };
    },
    async claimRevocation(projectId, id, atMillis) {
      open();
      const row = rows.get(rowKey(projectId, id));
      if (!row) return null;
      const revoked = row.key.revokedAtMillis === null;
      if (revoked) row.key.revokedAtMillis = atMillis;
      return { key: copy(row.key), revoked };
    },
    async claimExpiring(projectId, atMillis, untilMillis, limit) {
      open();
      const claimed: StoredApiKey[] = [];
      for (const row of rows.values()) {
        if (claimed.length >= limit) break;
        const { key } = row;
        const expires = key.expiresAtMillis;
        if (key.projectId !== projectId || key.revokedAtMillis !== null || key.rolledToId) continue;
        if (expires === null || expires <= atMillis || expires > untilMillis || row.expiryClaimed === expires)
          continue;
        row.expiryClaimed = expires;
        claimed.push(copy(key));
      }
      return claimed;
    },
    async claimEndedOverlaps(projectId, atMillis, limit) {
      open();
      const claimed: StoredApiKey[] = [];
      for (const row of rows.values()) {
        if (claimed.length >= limit) break;
        const { key } = row;
        if (key.projectId !== projectId || !key.rolledToId || key.revokedAtMillis !== null) continue;
        if (key.expiresAtMillis === null || key.expiresAtMillis > atMillis || row.overlapEndClaimed) continue;
        row.overlapEndClaimed = true;
        claimed.push(copy(key));
      }
      return claimed;
    },
    async markUsed(projectId, id, atMillis) {
      open();
      const row = rows.get(rowKey(projectId, id));
      if (row) row.key.lastUsedAtMillis = atMillis;
    },
    async roll(projectId, id, next, { atMillis, untilMillis, revokeNow, scopes }) {
      open();
      const old = rows.get(rowKey(projectId, id))?.key;
      if (!old || old.rolledToId || old.revokedAtMillis !== null) return null;
      if (old.expiresAtMillis !== null && old.expiresAtMillis <= atMillis) return null;
      if (scopes !== undefined && !within(scopes, old.scopes)) return null;
      const nextScopes = scopes === undefined ? old.scopes : scopes;
      const key: StoredApiKey = { ...next, description: old.description, rolledFromId: id };
      delete key.scopes;
      if (nextScopes) key.scopes = [...nextScopes];
      const row = { key, seq: nextSeq };
      const at = rowKey(projectId, next.id);
      const atHash = hashKey(projectId, next.hash);
      if (rows.has(at) || byHash.has(atHash)) throw new Error(`A key with id ${next.id} or its hash exists.`);
      // No await from the test above to here: no other call can land in between.
      nextSeq++;
      place(row);
      old.rolledToId = next.id;
      old.expiresAtMillis = Math.min(old.expiresAtMillis ?? untilMillis, untilMillis);
      if (revokeNow) old.revokedAtMillis = atMillis;
      return { previous: copy(old), next: copy(row.key) };
    },
    async narrowScopes(projectId, id, scopes) {
      open();
      const row = rows.get(rowKey(projectId, id));
      if (!row || !within(scopes, row.key.scopes)) return null;
      row.key.scopes = [...scopes];
      return copy(row.key);
    },
    async markUsedByHash(projectId, hash, type, atMillis) {
      open();
      const key = byHash.get(hashKey(projectId, hash))?.key;
      if (!key || key.type !== type || key.revokedAtMillis !== null) return null;
      if (key.expiresAtMillis !== null && key.expiresAtMillis <= atMillis) return null;
      key.lastUsedAtMillis = Math.max(key.lastUsedAtMillis ?? atMillis, atMillis);
      return copy(key);
    },
    async addUsage(projectId, increments, writer) {
      open();
      if (writer) {
        const at = JSON.stringify([projectId, writer.id]);
        if ((writers.get(at)?.seq ?? -Infinity) >= writer.seq) return;
        writers.set(at, { seq: writer.seq, day: writer.day });
      }
      const project = usage.get(projectId) ?? new Map<string, Map<number, UsageCounts>>();
      usage.set(projectId, project);
      for (const increment of increments) {
        const key = "keyId" in increment ? rows.get(rowKey(projectId, increment.keyId))?.key : undefined;
        const found = "hash" in increment ? byHash.get(hashKey(projectId, increment.hash))?.key : key;
        if (!found || ("type" in increment && found.type !== increment.type)) continue;
        const days = project.get(found.id) ?? new Map<number, UsageCounts>();
        project.set(found.id, days);
        const counts = days.get(increment.day) ?? [0, 0, 0, 0, 0];
        days.set(increment.day, counts.map((n, i) => n + increment.counts[i]!) as UsageCounts);
      }
    },
    async readUsage(projectId, keyIds, fromDay, toDay) {
      open();
      const project = usage.get(projectId);
      const found: StoredUsageDay[] = [];
      for (const keyId of keyIds) {
        project?.get(keyId)?.forEach((counts, day) => {
          if (day >= fromDay && day <= toDay) found.push({ keyId, day, counts: [...counts] as UsageCounts });
        });
      }
      return found;
    },
    async pruneUsage(projectId, beforeDay) {
      open();
      for (const [at, writer] of writers) {
        if (writer.day < beforeDay - 1 && JSON.parse(at)[0] === projectId) writers.delete(at);
      }
      for (const days of usage.get(projectId)?.values() ?? []) {
        for (const day of days.keys()) if (day < beforeDay) days.delete(day);
      }
    },
    async close() {
      closed = true;
    },
  };
  return store;
}
