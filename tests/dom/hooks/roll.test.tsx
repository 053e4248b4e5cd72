import { act, cleanup, render, renderHook, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { QueryClient } from "@tanstack/react-query";
import {
  apiKeysKeys,
  type ApiKeyListData,
  useApiKeyExtensions,
  useApiKeys,
  useRollApiKey,
  userOwner,
} from "../../../src/hooks/index.js";
import { createHarness, type Harness } from "../../support/harness.js";
import { freshQueryClient, wrapperFor } from "./wrapper.js";

afterEach(cleanup);

const HOUR = 60 * 60 * 1000;
const lists = (h: Harness) => h.requests.filter((r) => r.method === "GET" && !/api-keys\/[^?]/.test(r.path));
const everything = (queryClient: QueryClient) =>
  JSON.stringify([
    queryClient
      .getQueryCache()
      .getAll()
      .map((query) => query.state),
    queryClient
      .getMutationCache()
      .getAll()
      .map((mutation) => mutation.state),
  ]);

describe("useRollApiKey", () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });

  function renderRoll(queryClient = freshQueryClient()) {
    const wrapper = wrapperFor(h.clientFor("alice"), queryClient);
    return renderHook(() => ({ list: useApiKeys(), roll: useRollApiKey(userOwner()) }), { wrapper });
  }

  describe("when a key is rolled", () => {
    it("shows both linked keys with one POST and at most one GET, and keeps the whole key out of the cache", async () => {
      const old = await h.clientFor("alice").me.createApiKey({ description: "CI", expiresAt: null });
      const queryClient = freshQueryClient();
      const log = vi.spyOn(console, "log");
      const { result } = renderRoll(queryClient);
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      const before = h.requests.length;
      const listsBefore = lists(h).length;

      let secret = "";
      await act(async () => {
        const rolled = await result.current.roll.mutateAsync({ id: old.id, expiresAt: null, overlap: HOUR });
        secret = rolled.apiKey.value;
      });
      const data = result.current.roll.data!;
      expect(data.apiKey.value).toBe(secret);
      expect(data.apiKey).toMatchObject({ description: "CI", rolledFromId: old.id });
      expect(data.previous).toMatchObject({ id: old.id, rolledToId: data.apiKey.id });
      expect(data.previous.expiresAt).toEqual(new Date(h.clock.now + HOUR));

      await waitFor(() =>
        expect(result.current.list.data?.map((key) => [key.id, key.rolledFromId, key.rolledToId])).toEqual([
          [data.apiKey.id, old.id, undefined],
          [old.id, undefined, data.apiKey.id],
        ]),
      );
      await waitFor(() => expect(queryClient.isFetching()).toBe(0));
      expect(h.requests.slice(before).filter((r) => r.method === "POST")).toHaveLength(1);
      expect(lists(h).length - listsBefore).toBeLessThanOrEqual(1);

      const cached = queryClient.getQueryData<ApiKeyListData>(apiKeysKeys.list(userOwner()));
      expect(cached?.items[0]?.value).toEqual({ last_four: secret.slice(-4) });
      const queries = JSON.stringify(
        queryClient
          .getQueryCache()
          .getAll()
          .map((query) => query.state),
      );
      expect(queries).not.toContain(secret);
      expect(queries).not.toContain(secret.slice(0, -4));

      act(() => result.current.roll.reset());
      await waitFor(() => expect(result.current.roll.data).toBeUndefined());
      expect(everything(queryClient)).not.toContain(secret);
      expect(JSON.stringify(log.mock.calls)).not.toContain(secret);
      log.mockRestore();
    });

    it("drops the whole key from the mutation cache when the component unmounts", async () => {
      const old = await h.clientFor("alice").me.createApiKey({ description: "k", expiresAt: null });
      const queryClient = freshQueryClient();
      const { result, unmount } = renderRoll(queryClient);
      let secret = "";
      await act(async () => {
        secret = (await result.current.roll.mutateAsync({ id: old.id, expiresAt: null, overlap: 0 })).apiKey
          .value;
      });
      expect(everything(queryClient)).toContain(secret);
      unmount();
      await waitFor(() => expect(everything(queryClient)).not.toContain(secret));
    });
  });

  describe("when the server refuses", () => {
    it("surfaces API_KEY_NOT_ROLLABLE with its reason and leaves the list as it was", async () => {
      const old = await h.clientFor("alice").me.createApiKey({ description: "k", expiresAt: null });
      await old.revoke();
      const { result } = renderRoll();
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      act(() => result.current.roll.mutate({ id: old.id, expiresAt: null, overlap: HOUR }));
      await waitFor(() => expect(result.current.roll.isError).toBe(true));
      expect(result.current.roll.error).toMatchObject({
        code: "API_KEY_NOT_ROLLABLE",
        status: 409,
        details: { reason: "revoked" },
      });
      expect(result.current.list.data?.map((key) => key.id)).toEqual([old.id]);
    });
  });
});

describe("useApiKeyExtensions", () => {
  it("reads the extensions from the list query, with no request of its own", async () => {
    const h = createHarness();
    const Wrapper = wrapperFor(h.clientFor("alice"));
    function Panel() {
      const keys = useApiKeys();
      const extensions = useApiKeyExtensions(userOwner());
      return (
        <p>{keys.data && extensions.data ? `${keys.data.length} keys; ${extensions.data.join()}` : "…"}</p>
      );
    }
    render(
      <Wrapper>
        <Panel />
      </Wrapper>,
    );
    await screen.findByText("0 keys; roll,usage");
    expect(lists(h)).toHaveLength(1);
  });

  it("answers an empty list from a server that announces none, as Stack Auth", async () => {
    const h = createHarness({ roll: false, usage: false });
    const { result } = renderHook(() => useApiKeyExtensions(), { wrapper: wrapperFor(h.clientFor("alice")) });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual([]);
    expect(lists(h)).toHaveLength(1);
  });
});
