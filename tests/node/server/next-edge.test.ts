// Next.js's Edge runtime passes a catch-all route's segments in the query too: `app/api/v1/[...path]/route.ts`
// sees `GET /api/v1/user-api-keys/abc?user_id=me` as `…/abc?user_id=me&path=user-api-keys&path=abc` (one
// value per decoded segment, appended after the caller's own query; seen with Next.js 16.4).
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../../src/server/memory-store.js";
import { expectSchemaError, makeApi } from "./api.js";

const api = makeApi(memoryStore());

/** The URL as Next.js hands it to an Edge route: the catch-all's segments (below `mount`) appended by name. */
function nextEdgePath(path: string, name = "path", mount = "/api/v1"): string {
  const url = new URL(`http://localhost/api/v1${path}`);
  const below = url.pathname.slice(mount.length).split("/").filter(Boolean);
  for (const segment of below) url.searchParams.append(name, decodeURIComponent(segment));
  return url.pathname.slice("/api/v1".length) + url.search;
}

describe("behind a Next.js Edge catch-all route", () => {
  it("builds the URL Next.js does", () => {
    expect(nextEdgePath("/user-api-keys/a%20b?user_id=me")).toBe(
      "/user-api-keys/a%20b?user_id=me&path=user-api-keys&path=a+b",
    );
  });

  it("lists, reads and revokes the signed-in user's keys", async () => {
    const key = await api.create("user", "user-alice", { as: "alice" });
    const list = await api.call("GET", nextEdgePath("/user-api-keys?user_id=me"), { as: "alice" });
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.map((item: { id: string }) => item.id)).toEqual([key.id]);

    const read = await api.call("GET", nextEdgePath(`/user-api-keys/${key.id}?user_id=me`), { as: "alice" });
    expect(read.status, read.text).toBe(200);

    const revoked = await api.call("PATCH", nextEdgePath(`/user-api-keys/${key.id}?user_id=me`), {
      as: "alice",
      body: { revoked: true },
    });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json.manually_revoked_at_millis).toEqual(expect.any(Number));
  });

  it("whatever the segment is called, and wherever the route is mounted above the base path", async () => {
    for (const path of [
      nextEdgePath("/team-api-keys?team_id=team-acme", "slug"),
      nextEdgePath("/team-api-keys?team_id=team-acme", "rest", "/api"),
    ]) {
      const answer = await api.call("GET", path, { as: "carol" });
      expect(answer.status, `${path}: ${answer.text}`).toBe(200);
    }
  });
});

describe("the query's unknown-property check", () => {
  it.each([
    ["a parameter that is not the path", "/user-api-keys?user_id=me&path=user-api-keys&path=x", "path"],
    ["only part of the path below the base path", "/user-api-keys/abc?user_id=me&path=abc", "path"],
    [
      "the path's segments in another order",
      "/user-api-keys/abc?user_id=me&path=abc&path=user-api-keys",
      "path",
    ],
    ["any other unknown property", "/user-api-keys?user_id=me&path=user-api-keys&sort=asc", "sort"],
  ])("still refuses %s", async (_, path, property) => {
    const answer = await api.call("GET", path, { as: "alice" });
    expectSchemaError(answer, `query contains unknown properties: ${property}`);
  });
});
