import { act, cleanup, render, renderHook, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useState } from "react";
import { QueryClient } from "@tanstack/react-query";
import {
  ApiKeysProvider,
  apiKeysKeys,
  type ApiKeyListData,
  teamOwner,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  useTeamApiKeys,
  userOwner,
} from "../../../src/hooks/index.js";
import type { ApiKeyOwner } from "../../../src/client/index.js";
import { createHarness, type Harness } from "../../support/harness.js";
import { freshQueryClient, wrapperFor } from "./wrapper.js";

afterEach(cleanup);

const lists = (h: Harness) => h.requests.filter((r) => r.method === "GET" && !/api-keys\/[^?]/.test(r.path));

describe("the hooks", () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });

  describe("without a provider", () => {
    it("throws a sentence naming the provider to add", () => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      expect(() => renderHook(() => useApiKeys())).toThrow(/<ApiKeysProvider/);
      vi.restoreAllMocks();
    });
  });

  describe("given the app's own QueryClient", () => {
    it("uses it instead of making one", async () => {
      const queryClient = freshQueryClient();
      const { result } = renderHook(() => useApiKeys(), {
        wrapper: wrapperFor(h.clientFor("alice"), queryClient),
      });
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      expect(queryClient.getQueryData(apiKeysKeys.list(userOwner()))).toEqual({
        items: [],
        extensions: ["roll", "usage"],
      });
    });

    it("makes a private one when the app has none", async () => {
      const client = h.clientFor("alice");
      const { result } = renderHook(() => useApiKeys(), {
        wrapper: ({ children }) => <ApiKeysProvider client={client}>{children}</ApiKeysProvider>,
      });
      await waitFor(() => expect(result.current.data).toEqual([]));
    });
  });

  describe("given keys on the server", () => {
    it("lists them as ApiKey models", async () => {
      await h.clientFor("alice").me.createApiKey({ description: "laptop", expiresAt: null });
      const { result } = renderHook(() => useApiKeys(), { wrapper: wrapperFor(h.clientFor("alice")) });
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      const [key] = result.current.data!;
      expect(key!.description).toBe("laptop");
      expect(key!.isValid()).toBe(true);
      expect(key!.createdAt).toBeInstanceOf(Date);
    });

    it("shares one request between two components of the same owner", async () => {
      const client = h.clientFor("alice");
      const Wrapper = wrapperFor(client);
      function Count() {
        const { data } = useApiKeys();
        return <p>{data ? `${data.length} keys` : "loading"}</p>;
      }
      render(
        <Wrapper>
          <Count />
          <Count />
        </Wrapper>,
      );
      await waitFor(() => expect(screen.getAllByText("0 keys")).toHaveLength(2));
      expect(lists(h)).toHaveLength(1);
    });
  });

  describe("when a key is created", () => {
    it("puts it in the list with at most one list request after it, and never caches the whole key", async () => {
      const queryClient = freshQueryClient();
      const log = vi.spyOn(console, "log");
      const wrapper = wrapperFor(h.clientFor("alice"), queryClient);
      const { result } = renderHook(() => ({ list: useApiKeys(), create: useCreateApiKey(userOwner()) }), {
        wrapper,
      });
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      const before = lists(h).length;

      let secret = "";
      await act(async () => {
        secret = (await result.current.create.mutateAsync({ description: "new", expiresAt: null })).value;
      });
      await waitFor(() => expect(result.current.create.data?.value).toBe(secret));
      await waitFor(() => expect(result.current.list.data?.map((k) => k.description)).toEqual(["new"]));
      await waitFor(() => expect(queryClient.isFetching()).toBe(0));
      expect(lists(h).length - before).toBeLessThanOrEqual(1);
      expect(h.requests.filter((r) => r.method === "POST")).toHaveLength(1);

      const cached = queryClient.getQueryData<ApiKeyListData>(apiKeysKeys.list(userOwner()));
      expect(cached?.items[0]?.value).toEqual({ last_four: secret.slice(-4) });
      expect(
        JSON.stringify(
          queryClient
            .getQueryCache()
            .getAll()
            .map((q) => q.state),
        ),
      ).not.toContain(secret);

      act(() => result.current.create.reset());
      await waitFor(() => expect(result.current.create.data).toBeUndefined());
      expect(
        JSON.stringify(
          queryClient
            .getMutationCache()
            .getAll()
            .map((m) => m.state),
        ),
      ).not.toContain(secret);
      expect(JSON.stringify(log.mock.calls)).not.toContain(secret);
      log.mockRestore();
    });
  });

  describe("when a key is revoked", () => {
    it("shows it revoked at once, before the server answers", async () => {
      await h.clientFor("alice").me.createApiKey({ description: "k", expiresAt: null });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const client = h.clientFor("alice", {
        fetch: async (input, init) => {
          if (init?.method === "PATCH") await gate;
          return h.fetch(input, init);
        },
      });
      const { result } = renderHook(() => ({ list: useApiKeys(), revoke: useRevokeApiKey(userOwner()) }), {
        wrapper: wrapperFor(client),
      });
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      act(() => result.current.revoke.mutate(result.current.list.data![0]!));
      await waitFor(() => expect(result.current.list.data![0]!.whyInvalid()).toBe("manually-revoked"));
      expect(h.requests.some((r) => r.method === "PATCH")).toBe(false);
      release();
      await waitFor(() => expect(result.current.revoke.isSuccess).toBe(true));
      expect(result.current.list.data![0]!.manuallyRevokedAt).toBeInstanceOf(Date);
      expect(h.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
    });

    it("rolls back and surfaces the error when the server refuses", async () => {
      await h.clientFor("alice").me.createApiKey({ description: "k", expiresAt: null });
      let user: string | null = "alice";
      const { result } = renderHook(() => ({ list: useApiKeys(), revoke: useRevokeApiKey(userOwner()) }), {
        wrapper: wrapperFor(h.clientFor(() => user)),
      });
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      user = null; // the session ends: the server answers 401 to the revoke
      act(() => result.current.revoke.mutate(result.current.list.data![0]!));
      await waitFor(() => expect(result.current.revoke.isError).toBe(true));
      expect(result.current.revoke.error).toMatchObject({
        code: "USER_AUTHENTICATION_REQUIRED",
        status: 401,
      });
      expect(result.current.list.data![0]!.isValid()).toBe(true);
      user = "alice";
      expect((await h.clientFor("alice").me.listApiKeys())[0]!.manuallyRevokedAt).toBeNull();
    });
  });

  describe("when the session is missing or expired", () => {
    it("reaches the hook as a typed 401, and the next request asks for a fresh token", async () => {
      let token: string | null = null;
      const getToken = vi.fn(() => token);
      const { result } = renderHook(() => useApiKeys(), { wrapper: wrapperFor(h.clientFor(getToken)) });
      await waitFor(() => expect(result.current.isError).toBe(true));
      expect(result.current.error).toMatchObject({ code: "USER_AUTHENTICATION_REQUIRED", status: 401 });
      token = "alice";
      await act(() => result.current.refetch());
      expect(result.current.isSuccess).toBe(true);
      expect(getToken).toHaveBeenCalledTimes(2);
    });
  });

  describe("given a QueryClient without a retry default", () => {
    it("does not retry a 4xx, which would answer the same again", async () => {
      const { result } = renderHook(() => useTeamApiKeys("acme"), {
        wrapper: wrapperFor(h.clientFor("bob"), new QueryClient()),
      });
      await waitFor(() => expect(result.current.isError).toBe(true));
      expect(h.requests).toHaveLength(1);
    });
  });

  describe("when the owner changes", () => {
    it("never shows one owner's keys for another, not even for a frame", async () => {
      const mine = await h.seed({ userId: "carol" }, "carol's");
      const acme = await h.seed({ teamId: "acme" }, "acme's");
      const globexKey = await h.seed({ teamId: "globex" }, "globex's");
      const owners: Record<string, string> = {
        [mine.id]: "user:me",
        [acme.id]: "team:acme",
        [globexKey.id]: "team:globex",
      };
      const frames: { owner: string; ids: string[] }[] = [];
      let switchTo!: (owner: ApiKeyOwner) => void;
      function Probe() {
        const [owner, setOwner] = useState<ApiKeyOwner>(userOwner());
        switchTo = setOwner;
        const { data } = useApiKeys(owner);
        const name = owner.type === "user" ? `user:${owner.userId}` : `team:${owner.teamId}`;
        frames.push({ owner: name, ids: data?.map((k) => k.id) ?? [] });
        return <p>{data?.length ?? "-"}</p>;
      }
      const Wrapper = wrapperFor(h.clientFor("carol"));
      // carol manages globex only, so acme answers not found: its keys must never appear either
      render(
        <Wrapper>
          <Probe />
        </Wrapper>,
      );
      await waitFor(() => expect(frames.at(-1)!.owner).toBe("user:me"));
      act(() => switchTo(teamOwner("globex")));
      await waitFor(() => expect(frames.at(-1)!.ids).toEqual([globexKey.id]));
      act(() => switchTo(userOwner()));
      act(() => switchTo(teamOwner("acme")));
      await waitFor(() => expect(screen.getByText("-")).toBeTruthy());
      for (const frame of frames) {
        for (const id of frame.ids) expect(owners[id]).toBe(frame.owner);
      }
      expect(frames.some((f) => f.ids.length > 0)).toBe(true);
    });
  });

  describe("useTeamApiKeys", () => {
    it("lists a team's keys for a member who may manage them", async () => {
      await h.seed({ teamId: "acme" }, "team");
      const { result } = renderHook(() => useTeamApiKeys("acme"), {
        wrapper: wrapperFor(h.clientFor("alice")),
      });
      await waitFor(() => expect(result.current.data?.map((k) => k.teamId)).toEqual(["acme"]));
    });

    it("answers API_KEY_NOT_FOUND as a typed error for a member who may not", async () => {
      const { result } = renderHook(() => useTeamApiKeys("acme"), {
        wrapper: wrapperFor(h.clientFor("bob")),
      });
      await waitFor(() => expect(result.current.isError).toBe(true));
      expect(result.current.error).toMatchObject({ code: "API_KEY_NOT_FOUND", status: 404 });
    });
  });
});
