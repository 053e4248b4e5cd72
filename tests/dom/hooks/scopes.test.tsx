import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  apiKeysKeys,
  useApiKeyExtensions,
  useApiKeys,
  useGrantableScopes,
  useUpdateApiKey,
  userOwner,
} from "../../../src/hooks/index.js";
import { createHarness, type Harness } from "../../support/harness.js";
import { freshQueryClient, wrapperFor } from "./wrapper.js";

afterEach(cleanup);

const SCOPES = [
  { id: "notes:read", label: "Read notes" },
  { id: "notes:write", label: "Write notes" },
];

describe("scopes in the hooks, against the reference handler", () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness({ scopes: SCOPES });
  });

  describe("useGrantableScopes", () => {
    it("asks nothing until enabled, then fetches once into apiKeysKeys.scopes(owner)", async () => {
      const queryClient = freshQueryClient();
      const { result } = renderHook(
        () => {
          const [open, setOpen] = useState(false);
          const extensions = useApiKeyExtensions();
          const scopes = useGrantableScopes(userOwner(), {
            enabled: open && extensions.data?.includes("scopes") === true,
          });
          return { extensions, scopes, setOpen };
        },
        { wrapper: wrapperFor(h.clientFor("alice"), queryClient) },
      );
      await waitFor(() => expect(result.current.extensions.data).toEqual(["roll", "scopes", "usage"]));
      expect(h.requests.filter((r) => r.path.includes("api-key-scopes"))).toEqual([]);
      act(() => result.current.setOpen(true));
      const everything = { items: SCOPES, fullAccess: true };
      await waitFor(() => expect(result.current.scopes.data).toEqual(everything));
      expect(h.requests.filter((r) => r.path.includes("api-key-scopes"))).toEqual([
        { method: "GET", path: "/api/v1/api-key-scopes?user_id=me" },
      ]);
      expect(queryClient.getQueryData(apiKeysKeys.scopes(userOwner()))).toEqual(everything);
      expect(apiKeysKeys.scopes(userOwner())).toEqual(["react-api-keys", "user", "me", "scopes"]);
    });

    it("stays quiet against a server without scopes, when the app gates it on the extension", async () => {
      h = createHarness();
      const { result } = renderHook(
        () => {
          const extensions = useApiKeyExtensions();
          const scopes = useGrantableScopes(userOwner(), {
            enabled: extensions.data?.includes("scopes") === true,
          });
          return { extensions, scopes };
        },
        { wrapper: wrapperFor(h.clientFor("alice")) },
      );
      await waitFor(() => expect(result.current.extensions.data).toEqual(["roll", "usage"]));
      expect(result.current.scopes.fetchStatus).toBe("idle");
      expect(h.requests.every((r) => !r.path.includes("api-key-scopes"))).toBe(true);
    });
  });

  describe("useUpdateApiKey with scopes", () => {
    it("narrows at once, before the server answers, and keeps the server's answer", async () => {
      await h
        .clientFor("alice")
        .me.createApiKey({ description: "k", expiresAt: null, scopes: ["notes:read", "notes:write"] });
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
      act(() => result.current.update.mutate({ key: result.current.list.data![0]!, scopes: ["notes:read"] }));
      await waitFor(() => expect(result.current.list.data![0]!.scopes).toEqual(["notes:read"]));
      expect(result.current.list.data![0]!.description).toBe("k");
      release();
      await waitFor(() => expect(result.current.update.isSuccess).toBe(true));
      expect((await h.clientFor("alice").me.listApiKeys())[0]!.scopes).toEqual(["notes:read"]);
    });

    it("rolls back when the server refuses a widening, with its reason", async () => {
      await h
        .clientFor("alice")
        .me.createApiKey({ description: "k", expiresAt: null, scopes: ["notes:read"] });
      const { result } = renderHook(() => ({ list: useApiKeys(), update: useUpdateApiKey(userOwner()) }), {
        wrapper: wrapperFor(h.clientFor("alice")),
      });
      await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
      act(() =>
        result.current.update.mutate({
          key: result.current.list.data![0]!,
          scopes: ["notes:read", "notes:write"],
        }),
      );
      await waitFor(() => expect(result.current.update.isError).toBe(true));
      expect(result.current.update.error).toMatchObject({
        code: "API_KEY_SCOPE_NOT_ALLOWED",
        details: { scopes: ["notes:write"] },
      });
      expect(result.current.list.data![0]!.scopes).toEqual(["notes:read"]);
    });
  });
});
