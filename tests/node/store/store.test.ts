import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiKeyStore, StoredApiKey } from "../../../src/server/store.js";
import { storeFactories } from "../../support/stores.js";

let counter = 0;
function key(overrides: Partial<StoredApiKey> = {}): StoredApiKey {
  counter += 1;
  return {
    id: `key-${counter}`,
    projectId: "project-a",
    type: "user",
    ownerId: "user-1",
    description: `key number ${counter}`,
    isPublic: false,
    hash: counter.toString(16).padStart(64, "0"),
    lastFour: String(1000 + counter).slice(-4),
    createdAtMillis: 1_700_000_000_000 + counter,
    expiresAtMillis: null,
    revokedAtMillis: null,
    lastUsedAtMillis: null,
    ...overrides,
  };
}

describe.each(storeFactories)("the $name store", (factory) => {
  let store: ApiKeyStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await factory.create());
  }, 30_000);
  afterEach(() => cleanup());

  describe("given one stored key", () => {
    let stored: StoredApiKey;
    beforeEach(async () => {
      stored = key({ expiresAtMillis: 1_900_000_000_000, isPublic: true, type: "team", ownerId: "team-1" });
      await store.insert(stored);
    });

    it("answers it by id with every field as inserted", async () => {
      expect(await store.get("project-a", stored.id)).toEqual(stored);
    });

    it("answers it by hash", async () => {
      expect(await store.findByHash("project-a", stored.hash)).toEqual(stored);
    });

    it("does not answer it to another project", async () => {
      expect(await store.get("project-b", stored.id)).toBeNull();
      expect(await store.findByHash("project-b", stored.hash)).toBeNull();
      expect(await store.list("project-b", "team", "team-1")).toEqual([]);
    });

    it("refuses a second key with the same hash in the project", async () => {
      await expect(store.insert(key({ hash: stored.hash }))).rejects.toThrow();
    });

    it("accepts the same hash in another project", async () => {
      const other = key({ projectId: "project-b", hash: stored.hash });
      await store.insert(other);
      expect(await store.findByHash("project-b", stored.hash)).toEqual(other);
    });

    it("updates the description and answers the new row", async () => {
      const updated = await store.updateDescription("project-a", stored.id, "renamed");
      expect(updated).toEqual({ ...stored, description: "renamed" });
      expect(await store.get("project-a", stored.id)).toEqual(updated);
    });

    describe("when it is revoked twice", () => {
      it("keeps the first revocation time", async () => {
        expect((await store.revoke("project-a", stored.id, 5_000))?.revokedAtMillis).toBe(5_000);
        expect((await store.revoke("project-a", stored.id, 9_000))?.revokedAtMillis).toBe(5_000);
        expect((await store.get("project-a", stored.id))?.revokedAtMillis).toBe(5_000);
      });
    });

    describe("when it is revoked by many callers at once", () => {
      it("answers every caller the one time that won", async () => {
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.revoke("project-a", stored.id, 10_000 + i)),
        );
        const times = new Set(answers.map((answer) => answer?.revokedAtMillis));
        expect(times.size).toBe(1);
        expect([...times][0]).toBe((await store.get("project-a", stored.id))?.revokedAtMillis);
      });
    });

    describe("when it is used", () => {
      it("records the time of the latest use", async () => {
        await store.markUsed("project-a", stored.id, 7_000);
        expect((await store.get("project-a", stored.id))?.lastUsedAtMillis).toBe(7_000);
        await store.markUsed("project-a", stored.id, 8_000);
        expect((await store.get("project-a", stored.id))?.lastUsedAtMillis).toBe(8_000);
      });
    });
  });

  describe("marking a key used by its hash, as check does", () => {
    it("records the use of a usable key and answers it, without moving a later use back", async () => {
      const stored = key({ expiresAtMillis: 10_000 });
      await store.insert(stored);
      const used = await store.markUsedByHash!("project-a", stored.hash, "user", 7_000);
      expect(used).toEqual({ ...stored, lastUsedAtMillis: 7_000 });
      expect(await store.get("project-a", stored.id)).toEqual(used);
      expect((await store.markUsedByHash!("project-a", stored.hash, "user", 6_000))?.lastUsedAtMillis).toBe(
        7_000,
      );
      expect((await store.get("project-a", stored.id))?.lastUsedAtMillis).toBe(7_000);
    });

    it("answers null and records nothing for a key of the other type, revoked, expired or elsewhere", async () => {
      const team = key({ type: "team", ownerId: "team-1" });
      const revoked = key({ revokedAtMillis: 5_000 });
      const expired = key({ expiresAtMillis: 7_000 });
      for (const stored of [team, revoked, expired]) await store.insert(stored);
      expect(await store.markUsedByHash!("project-a", team.hash, "user", 7_000)).toBeNull();
      expect(await store.markUsedByHash!("project-a", revoked.hash, "user", 7_000)).toBeNull();
      // Expired at the very millisecond, as check counts it.
      expect(await store.markUsedByHash!("project-a", expired.hash, "user", 7_000)).toBeNull();
      expect(await store.markUsedByHash!("project-b", team.hash, "team", 7_000)).toBeNull();
      expect(await store.markUsedByHash!("project-a", "f".repeat(64), "user", 7_000)).toBeNull();
      for (const stored of [team, revoked, expired]) {
        expect((await store.get("project-a", stored.id))?.lastUsedAtMillis).toBeNull();
      }
      expect((await store.markUsedByHash!("project-a", team.hash, "team", 7_000))?.lastUsedAtMillis).toBe(
        7_000,
      );
      expect((await store.markUsedByHash!("project-a", expired.hash, "user", 6_999))?.id).toBe(expired.id);
    });

    it("sees a revocation at once", async () => {
      const stored = key();
      await store.insert(stored);
      expect(await store.markUsedByHash!("project-a", stored.hash, "user", 7_000)).not.toBeNull();
      await store.revoke("project-a", stored.id, 7_500);
      expect(await store.markUsedByHash!("project-a", stored.hash, "user", 8_000)).toBeNull();
      expect((await store.get("project-a", stored.id))?.lastUsedAtMillis).toBe(7_000);
    });
  });

  describe("given many calls at once", () => {
    it("fails only the call that fails, and keeps what the others did", async () => {
      const [used, revoked] = [key(), key()];
      await store.insert(used);
      await store.insert(revoked);
      const fresh = [key(), key(), key()];
      const [duplicate, ...others] = await Promise.allSettled([
        store.insert(key({ hash: used.hash })),
        ...fresh.map((one) => store.insert(one)),
        store.markUsedByHash!("project-a", used.hash, "user", 9_000),
        store.revoke("project-a", revoked.id, 9_500),
      ]);
      expect(duplicate.status).toBe("rejected");
      expect(others.map((result) => result.status)).toEqual(Array(5).fill("fulfilled"));
      for (const one of fresh) expect((await store.get("project-a", one.id))?.hash).toBe(one.hash);
      expect((await store.get("project-a", used.id))?.lastUsedAtMillis).toBe(9_000);
      expect((await store.get("project-a", revoked.id))?.revokedAtMillis).toBe(9_500);
    });

    it("answers each concurrent check its own key", async () => {
      const keys = Array.from({ length: 20 }, () => key());
      for (const one of keys) await store.insert(one);
      const used = await Promise.all(
        keys.map((one, i) => store.markUsedByHash!("project-a", one.hash, "user", 10_000 + i)),
      );
      expect(used.map((one) => one?.id)).toEqual(keys.map((one) => one.id));
      expect(used.map((one) => one?.lastUsedAtMillis)).toEqual(keys.map((_, i) => 10_000 + i));
    });
  });

  describe("given no such key", () => {
    it("answers null to get, update and revoke, and markUsed does nothing", async () => {
      expect(await store.get("project-a", "missing")).toBeNull();
      expect(await store.findByHash("project-a", "f".repeat(64))).toBeNull();
      expect(await store.updateDescription("project-a", "missing", "x")).toBeNull();
      expect(await store.revoke("project-a", "missing", 1)).toBeNull();
      await store.markUsed("project-a", "missing", 1);
      expect(await store.get("project-a", "missing")).toBeNull();
    });
  });

  describe("given keys of several owners", () => {
    it("lists one owner's keys of one type, newest first, the later insert first within a millisecond", async () => {
      const older = key({ createdAtMillis: 100 });
      const newer = key({ createdAtMillis: 300 });
      // Inserted b before a, so that neither id order nor reverse id order would pass by accident.
      const tieB = key({ id: "tie-b", createdAtMillis: 200 });
      const tieA = key({ id: "tie-a", createdAtMillis: 200 });
      for (const stored of [tieB, older, newer, tieA]) await store.insert(stored);
      await store.insert(key({ ownerId: "user-2" }));
      await store.insert(key({ type: "team" }));
      await store.insert(key({ projectId: "project-b" }));

      const listed = await store.list("project-a", "user", "user-1");
      expect(listed.map((stored) => stored.id)).toEqual([newer.id, "tie-a", "tie-b", older.id]);
    });

    it("answers an empty list for an owner without keys", async () => {
      await store.insert(key());
      expect(await store.list("project-a", "user", "nobody")).toEqual([]);
    });
  });
});
