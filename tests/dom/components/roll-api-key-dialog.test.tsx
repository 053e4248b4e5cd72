import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ApiKey } from "../../../src/client/index.js";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { cacheText, chooseRowAction, expectNoAxeViolations, startServer } from "./harness.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const row = (name: string) => screen.getAllByRole("rowheader", { name }).map((cell) => cell.closest("tr")!);
const select = (name: string) => screen.getByRole("combobox", { name }) as HTMLSelectElement;

async function setup(options: { roll?: boolean; expiresAt?: Date | null } = {}) {
  const server = startServer({ now: NOW, handler: { roll: options.roll ?? true } });
  server.state.clock = NOW - 2 * DAY;
  const old = await server.seed({
    description: "Deploy bot",
    expiresAt: options.expiresAt === undefined ? new Date(NOW + 28 * DAY) : options.expiresAt,
  });
  server.state.clock = NOW;
  const onRolled = vi.fn<(key: ApiKey, previous: ApiKey) => void>();
  const user = userEvent.setup({ delay: null });
  server.render(<UserApiKeysPanel now={new Date(NOW)} locale="en-GB" onRolled={onRolled} />);
  await screen.findByRole("rowheader", { name: "Deploy bot" });
  const loaded = server.state.requests.length;
  return { server, user, old, onRolled, loaded };
}

describe("RollApiKeyDialog", () => {
  describe("given a server with roll", () => {
    it("asks for the expiry (the old key's lifetime) and the overlap (24 hours), then reveals the new key", async () => {
      const { server, user, old, onRolled, loaded } = await setup();
      await chooseRowAction(user, "Deploy bot", "Roll");
      const dialog = screen.getByRole("dialog", { name: "Roll API key" });
      expect(dialog.textContent).toContain(`“Deploy bot” (••••${old.value.slice(-4)})`);
      expect(select("Expires").value).toBe("30d");
      expect(select("Old key stops working").value).toBe(String(DAY));
      expect(Array.from(select("Old key stops working").options).map((option) => option.textContent)).toEqual(
        ["Now", "In 1 hour", "In 24 hours", "In 7 days", "In 30 days"],
      );
      await expectNoAxeViolations();

      await user.click(within(dialog).getByRole("button", { name: "Roll key" }));
      await screen.findByRole("dialog", { name: "Copy your new API key" });
      expect(document.activeElement).toBe(screen.getByRole("button", { name: "Copy" }));
      const secret = (screen.getByRole("textbox", { name: "Your API key" }) as HTMLInputElement).value;
      expect(screen.getByText("New key for “Deploy bot” created.")).toBeTruthy();
      // Only in the mutation's data while on screen, never in the list cache.
      expect(
        JSON.stringify(
          server.queryClient
            .getQueryCache()
            .getAll()
            .map((q) => q.state),
        ),
      ).not.toContain(secret);
      await expectNoAxeViolations();

      // Leaving before copying asks first, as on create.
      await user.click(screen.getByRole("button", { name: "Done" }));
      expect(screen.getByRole("alertdialog", { name: "Close without copying?" })).toBeTruthy();
      await user.click(screen.getByRole("button", { name: "Go back" }));
      await user.click(screen.getByRole("button", { name: "Copy" }));
      await user.click(screen.getByRole("button", { name: "Done" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      // Focus goes back to the rolled key's menu, in whichever row the key now is (second, under its successor).
      await waitFor(() =>
        expect(document.activeElement).toBe(
          within(row("Deploy bot")[1]!).getByRole("button", { name: "Actions for Deploy bot" }),
        ),
      );
      expect(document.body.innerHTML).not.toContain(secret);
      expect(cacheText(server.queryClient)).not.toContain(secret);

      const [newer, older] = row("Deploy bot");
      expect(
        within(older!).getByText(`Replaced by ••••${secret.slice(-4)}, stops working in 24 hours`),
      ).toBeTruthy();
      expect(within(newer!).getByText(`Replaces ••••${old.value.slice(-4)}`)).toBeTruthy();
      expect(onRolled).toHaveBeenCalledWith(
        expect.objectContaining({ value: { lastFour: secret.slice(-4) } }),
        expect.objectContaining({ id: old.id, rolledToId: expect.any(String) }),
      );
      // A rolled key cannot be rolled again.
      await user.click(within(older!).getByRole("button", { name: "Actions for Deploy bot" }));
      expect(screen.queryByRole("menuitem", { name: "Roll" })).toBeNull();
      await user.keyboard("{Escape}");
      await expectNoAxeViolations();

      const methods = server.state.requests
        .slice(loaded)
        .map((r) => `${r.method} ${new URL(r.url).pathname}`);
      expect(methods.filter((m) => m.startsWith("POST"))).toEqual([
        `POST /api/v1/user-api-keys/${old.id}/roll`,
      ]);
      expect(
        server.state.requests.slice(loaded).at(-2)?.body ?? server.state.requests[loaded]!.body,
      ).toBeTruthy();
      const roll = server.state.requests.find((r) => r.url.includes("/roll"))!;
      expect(roll.body).toEqual({ expires_at_millis: NOW + 30 * DAY, overlap_millis: DAY });
    });

    it("with an overlap of Now, the old key stops at once", async () => {
      const { user } = await setup({ expiresAt: null });
      await chooseRowAction(user, "Deploy bot", "Roll");
      expect(select("Expires").value).toBe("never");
      await user.selectOptions(select("Old key stops working"), "Now");
      await user.click(screen.getByRole("button", { name: "Roll key" }));
      await screen.findByRole("dialog", { name: "Copy your new API key" });
      await user.click(screen.getByRole("button", { name: "Copy" }));
      await user.click(screen.getByRole("button", { name: "Done" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      const states = row("Deploy bot").map((r) => r.getAttribute("data-state"));
      expect(states[0]).toBe("active");
      expect(states[1]).not.toBe("active");
    });

    it("keeps the choices and shows the server's reason when the key can no longer be rolled", async () => {
      const { server, user, old } = await setup();
      await chooseRowAction(user, "Deploy bot", "Roll");
      await user.selectOptions(select("Expires"), "90d");
      // Another tab rolls it first.
      await server.client.me.getApiKey(old.id).then((key) => key.roll({ expiresAt: null, overlap: 0 }));
      await user.click(screen.getByRole("button", { name: "Roll key" }));
      const alert = await screen.findByRole("alert");
      expect(alert.textContent).toMatch(/^Couldn't roll the key: .+/);
      expect(select("Expires").value).toBe("90d");
      expect(screen.getByRole("dialog", { name: "Roll API key" })).toBeTruthy();
      await expectNoAxeViolations();
      expect(await server.store.list("sample-project", "user", "user-alice")).toHaveLength(2);
    });
  });

  describe("given a server without roll (as Stack Auth answers)", () => {
    it("creates a replacement with the same description and kind, reveals it, then asks about the old key", async () => {
      const { server, user, old, loaded } = await setup({ roll: false });
      await chooseRowAction(user, "Deploy bot", "Roll");
      const dialog = screen.getByRole("dialog", { name: "Roll API key" });
      expect(within(dialog).queryByRole("combobox", { name: "Old key stops working" })).toBeNull();
      expect(dialog.textContent).toMatch(/You then choose whether to revoke the old one/);
      await user.click(within(dialog).getByRole("button", { name: "Roll key" }));
      await screen.findByRole("dialog", { name: "Copy your new API key" });
      await user.click(screen.getByRole("button", { name: "Copy" }));
      await user.click(screen.getByRole("button", { name: "Done" }));

      const ask = await screen.findByRole("dialog", { name: "Revoke the old key now?" });
      expect(ask.textContent).toContain(`••••${old.value.slice(-4)}`);
      expect(document.activeElement).toBe(within(ask).getByRole("button", { name: "Keep both" }));
      expect(document.body.textContent).not.toMatch(/sk_[A-Za-z0-9]{20,}/);
      await expectNoAxeViolations();
      await user.click(within(ask).getByRole("button", { name: "Revoke now" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      await screen.findByText("API key “Deploy bot” revoked.");

      const sent = server.state.requests.slice(loaded);
      expect(sent.some((r) => r.url.includes("/roll"))).toBe(false);
      const post = sent.find((r) => r.method === "POST")!;
      expect(new URL(post.url).pathname).toBe("/api/v1/user-api-keys");
      expect(post.body).toMatchObject({
        description: "Deploy bot",
        is_public: false,
        expires_at_millis: NOW + 30 * DAY,
      });
      const patch = sent.find((r) => r.method === "PATCH")!;
      expect(patch.url).toContain(old.id);
      expect(patch.body).toEqual({ revoked: true });
    });

    it("Keep both leaves the old key working", async () => {
      const { server, user, loaded } = await setup({ roll: false });
      await chooseRowAction(user, "Deploy bot", "Roll");
      await user.click(screen.getByRole("button", { name: "Roll key" }));
      await screen.findByRole("dialog", { name: "Copy your new API key" });
      await user.click(screen.getByRole("button", { name: "Copy" }));
      await user.click(screen.getByRole("button", { name: "Done" }));
      await user.click(await screen.findByRole("button", { name: "Keep both" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      expect(row("Deploy bot").map((r) => r.getAttribute("data-state"))).toEqual(["active", "active"]);
      expect(server.state.requests.slice(loaded).some((r) => r.method === "PATCH")).toBe(false);
    });
  });
});
