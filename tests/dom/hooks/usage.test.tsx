import { cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiKeysKeys, useApiKeyUsage, useApiKeys, userOwner, teamOwner } from "../../../src/hooks/index.js";
import { createHarness, PROJECT, type Harness } from "../../support/harness.js";
import { freshQueryClient, wrapperFor } from "./wrapper.js";

afterEach(cleanup);

// The server client refuses to run where a window exists, so checks go to the handler as a backend's would.
const check = (h: Harness, apiKey: string) =>
  h.handler(
    new Request("http://api.test/api/v1/user-api-keys/check", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-stack-access-type": "server",
        "x-stack-project-id": PROJECT.projectId,
        "x-stack-secret-server-key": PROJECT.secretServerKey,
      },
      body: JSON.stringify({ api_key: apiKey }),
    }),
  );
const usageRequests = (h: Harness) => h.requests.filter((r) => r.path.includes("-api-keys/usage"));

describe("useApiKeyUsage", () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });

  describe("given a server that announces usage", () => {
    it("asks once the list is there, so the list paints first, and fills in each key's days", async () => {
      const key = await h.clientFor("alice").me.createApiKey({ description: "CI", expiresAt: null });
      expect((await check(h, key.value)).status).toBe(200);
      expect((await check(h, key.value)).status).toBe(200);
      const queryClient = freshQueryClient();
      const before = h.requests.length;
      const seen: string[] = [];
      const { result } = renderHook(
        () => {
          const list = useApiKeys();
          const usage = useApiKeyUsage(userOwner(), { days: 14 });
          seen.push(`${list.status}/${usage.status}`);
          return { list, usage };
        },
        { wrapper: wrapperFor(h.clientFor("alice"), queryClient) },
      );
      await waitFor(() => expect(result.current.usage.isSuccess).toBe(true));
      // A render with the list and without usage yet: usage never holds the list back.
      expect(seen).toContain("success/pending");
      expect(seen.indexOf("success/pending")).toBeLessThan(seen.indexOf("success/success"));
      expect(h.requests.slice(before).map((r) => r.path.split("?")[0])).toEqual([
        "/api/v1/user-api-keys",
        "/api/v1/user-api-keys/usage",
      ]);
      expect(usageRequests(h)[0]!.path).toBe("/api/v1/user-api-keys/usage?user_id=me&days=14");

      const [usage] = result.current.usage.data!;
      expect(usage!.id).toBe(key.id);
      expect(usage!.days).toHaveLength(14);
      expect(usage!.days.at(-1)).toEqual({
        date: "2026-11-26",
        ok: 2,
        revoked: 0,
        expired: 0,
        insufficientScope: 0,
        rateLimited: 0,
      });
      expect(queryClient.getQueryData(apiKeysKeys.usage(userOwner(), 14))).toEqual(result.current.usage.data);
    });

    it("asks for 30 days by default, for a team too, and nothing when enabled is false", async () => {
      const { result } = renderHook(
        () => ({
          team: useApiKeyUsage(teamOwner("acme")),
          off: useApiKeyUsage(userOwner(), { enabled: false }),
          list: useApiKeys(),
        }),
        { wrapper: wrapperFor(h.clientFor("alice")) },
      );
      await waitFor(() => expect(result.current.team.isSuccess).toBe(true));
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      expect(usageRequests(h).map((r) => r.path)).toEqual([
        "/api/v1/team-api-keys/usage?team_id=acme&days=30",
      ]);
      expect(result.current.off.fetchStatus).toBe("idle");
    });
  });

  describe("given a server without usage, as Stack Auth", () => {
    it("makes no usage request and stays idle while the list works", async () => {
      const off = createHarness({ usage: false });
      await off.clientFor("alice").me.createApiKey({ description: "CI", expiresAt: null });
      const { result } = renderHook(() => ({ list: useApiKeys(), usage: useApiKeyUsage() }), {
        wrapper: wrapperFor(off.clientFor("alice")),
      });
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      expect(result.current.list.data).toHaveLength(1);
      expect(result.current.usage.fetchStatus).toBe("idle");
      expect(result.current.usage.isPending).toBe(true);
      expect(usageRequests(off)).toEqual([]);
    });
  });
});
