import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useApiKeys, useUpdateApiKey, userOwner } from "../../../src/hooks/index.js";
import { createHarness, type Harness } from "../../support/harness.js";
import { wrapperFor } from "./wrapper.js";

afterEach(cleanup);

describe("useUpdateApiKey", () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });

  describe("when a key is renamed", () => {
    it("shows the new description at once, before the server answers, and keeps the server's answer", async () => {
      await h.clientFor("alice").me.createApiKey({ description: "laptop", expiresAt: null });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const client = h.clientFor("alice", {
        fetch: async (input, init) => {
          if (init?.method === "PATCH") await gate;
          return h.fetch(input, init);
        },
      });
      const { result } = renderHook(() => ({ list: useApiKeys(), update: useUpdateApiKey(userOwner()) }), {
        wrapper: wrapperFor(client),
      });
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      const key = result.current.list.data![0]!;
      act(() => result.current.update.mutate({ key, description: "work laptop" }));
      await waitFor(() => expect(result.current.list.data![0]!.description).toBe("work laptop"));
      expect(h.requests.some((r) => r.method === "PATCH")).toBe(false);
      release();
      await waitFor(() => expect(result.current.update.isSuccess).toBe(true));
      expect(result.current.list.data![0]!.description).toBe("work laptop");
      expect((await h.clientFor("alice").me.listApiKeys())[0]!.description).toBe("work laptop");
    });
  });

  describe("when the server refuses", () => {
    it("rolls back to the old description and surfaces the server's reason", async () => {
      await h.clientFor("alice").me.createApiKey({ description: "laptop", expiresAt: null });
      let user: string | null = "alice";
      const { result } = renderHook(() => ({ list: useApiKeys(), update: useUpdateApiKey(userOwner()) }), {
        wrapper: wrapperFor(h.clientFor(() => user)),
      });
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      user = null; // the session ends: the server answers 401 to the rename
      act(() => result.current.update.mutate({ key: result.current.list.data![0]!, description: "desk" }));
      await waitFor(() => expect(result.current.update.isError).toBe(true));
      expect(result.current.update.error).toMatchObject({
        code: "USER_AUTHENTICATION_REQUIRED",
        status: 401,
      });
      expect(result.current.list.data![0]!.description).toBe("laptop");
    });

    it("keeps a later rename that is still in flight when an earlier one fails", async () => {
      await h.clientFor("alice").me.createApiKey({ description: "laptop", expiresAt: null });
      let calls = 0;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const client = h.clientFor("alice", {
        fetch: async (input, init) => {
          if (init?.method !== "PATCH") return h.fetch(input, init);
          if (++calls === 1) {
            await gate;
            return new Response("upstream timeout", { status: 500 });
          }
          return h.fetch(input, init);
        },
      });
      const { result } = renderHook(() => ({ list: useApiKeys(), update: useUpdateApiKey(userOwner()) }), {
        wrapper: wrapperFor(client),
      });
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      const key = result.current.list.data![0]!;
      act(() => result.current.update.mutate({ key, description: "first" }));
      await waitFor(() => expect(result.current.list.data![0]!.description).toBe("first"));
      act(() => result.current.update.mutate({ key, description: "second" }));
      await waitFor(() => expect(result.current.list.data![0]!.description).toBe("second"));
      release();
      await waitFor(() => expect(result.current.update.isSuccess).toBe(true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(result.current.list.data![0]!.description).toBe("second");
    });
  });
});
