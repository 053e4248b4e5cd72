import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ApiKey } from "../../../src/client/index.js";
import { TeamApiKeysPanel, UserApiKeysPanel } from "../../../src/components/index.js";
import { sampleCanManageTeamKeys } from "../../../src/server/sample.js";
import { chooseRowAction, expectNoAxeViolations, sampleTeams, startServer } from "./harness.js";

const row = (name: string) => screen.getByRole("rowheader", { name }).closest("tr")!;

async function setup(props: Partial<Parameters<typeof UserApiKeysPanel>[0]> = {}) {
  const server = startServer();
  const key = await server.seed({ description: "Deploy bot" });
  const user = userEvent.setup({ delay: null });
  server.render(<UserApiKeysPanel {...props} />);
  await screen.findByRole("rowheader", { name: "Deploy bot" });
  return { server, user, key };
}

describe("RevokeApiKeyDialog", () => {
  describe("when the user asks to revoke an active key", () => {
    it("names the key, warns it stops at once and can't be undone, and starts on Cancel", async () => {
      const { user, key } = await setup();
      await chooseRowAction(user, "Deploy bot", "Revoke");
      const dialog = screen.getByRole("alertdialog", { name: "Revoke API key?" });
      expect(dialog.textContent).toContain("Deploy bot");
      expect(dialog.textContent).toContain(`••••${key.value.slice(-4)}`);
      expect(dialog.textContent).toMatch(/stops working at once/);
      expect(dialog.textContent).toMatch(/can't be undone/);
      expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel" }));
      expect(within(dialog).getByRole("button", { name: "Revoke key" })).toBeTruthy();
      await expectNoAxeViolations();
    });

    it("Cancel leaves the key active and returns focus to the row's menu button", async () => {
      const { server, user } = await setup();
      const opener = screen.getByRole("button", { name: "Actions for Deploy bot" });
      await chooseRowAction(user, "Deploy bot", "Revoke");
      await user.click(screen.getByRole("button", { name: "Cancel" }));
      await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
      expect(row("Deploy bot").getAttribute("data-state")).toBe("active");
      await waitFor(() => expect(document.activeElement).toBe(opener));
      expect(server.state.requests.some((r) => r.method === "PATCH")).toBe(false);
    });

    it("confirming shows Revoked at once, revokes on the server, announces it and keeps focus on the row's menu", async () => {
      const onRevoked = vi.fn<(key: ApiKey) => void>();
      const { server, user, key } = await setup({ onRevoked });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.state.intercept = async (request) => {
        if (request.method === "PATCH") await gate;
        return undefined;
      };
      await chooseRowAction(user, "Deploy bot", "Revoke");
      await user.click(screen.getByRole("button", { name: "Revoke key" }));
      await waitFor(() => expect(row("Deploy bot").getAttribute("data-state")).toBe("revoked"));
      expect(within(row("Deploy bot")).getByText("Revoked")).toBeTruthy();
      // The revoked row keeps its menu, for Details only.
      const opener = within(row("Deploy bot")).getByRole("button", { name: "Actions for Deploy bot" });

      act(() => release());
      expect(await screen.findByText("API key “Deploy bot” revoked.")).toBeTruthy();
      expect(onRevoked).toHaveBeenCalledWith(expect.objectContaining({ id: key.id }));
      const [stored] = await server.store.list("sample-project", "user", "user-alice");
      expect(stored!.revokedAtMillis).not.toBeNull();
      await waitFor(() => expect(document.activeElement).toBe(opener));
      expect(screen.getByRole("tab", { name: "Revoked 1" })).toBeTruthy();
      await expectNoAxeViolations();
    });
  });

  describe("onBeforeRevoke", () => {
    it("cancels the revoke when it answers false", async () => {
      const onBeforeRevoke = vi.fn(async () => false);
      const { server, user } = await setup({ onBeforeRevoke });
      await chooseRowAction(user, "Deploy bot", "Revoke");
      await user.click(screen.getByRole("button", { name: "Revoke key" }));
      await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
      expect(onBeforeRevoke).toHaveBeenCalledWith(expect.objectContaining({ description: "Deploy bot" }));
      expect(row("Deploy bot").getAttribute("data-state")).toBe("active");
      expect(server.state.requests.some((r) => r.method === "PATCH")).toBe(false);
    });

    it("lets the revoke go ahead when it answers true", async () => {
      const { server, user } = await setup({ onBeforeRevoke: () => true });
      await chooseRowAction(user, "Deploy bot", "Revoke");
      await user.click(screen.getByRole("button", { name: "Revoke key" }));
      await screen.findByText("API key “Deploy bot” revoked.");
      expect(server.state.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
    });
  });

  describe("when the server refuses", () => {
    it("returns the row to Active with the server's reason (permission withdrawn meanwhile)", async () => {
      let permitted = true;
      const server = startServer({
        user: "carol",
        handler: {
          canManageTeamKeys: (userId, teamId) => permitted && sampleCanManageTeamKeys(userId, teamId),
        },
      });
      await server.client
        .team(sampleTeams.acme)
        .createApiKey({ description: "Acme deploys", expiresAt: null });
      const user = userEvent.setup({ delay: null });
      server.render(<TeamApiKeysPanel teamId={sampleTeams.acme} />);
      await screen.findByRole("rowheader", { name: "Acme deploys" });

      permitted = false;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.state.intercept = async (request) => {
        if (request.method === "PATCH") await gate;
        return undefined;
      };
      await chooseRowAction(user, "Acme deploys", "Revoke");
      await user.click(screen.getByRole("button", { name: "Revoke key" }));
      await waitFor(() => expect(row("Acme deploys").getAttribute("data-state")).toBe("revoked"));

      act(() => release());
      const alert = await screen.findByRole("alert");
      expect(alert.textContent).toMatch(/^Couldn't revoke “Acme deploys”: .+/);
      await waitFor(() => expect(row("Acme deploys").getAttribute("data-state")).toBe("active"));
      expect(
        within(row("Acme deploys")).getByRole("button", { name: "Actions for Acme deploys" }),
      ).toBeTruthy();
      await expectNoAxeViolations();
    });

    it("rolls back on a 500 too", async () => {
      const { server, user } = await setup();
      server.state.intercept = (request) =>
        request.method === "PATCH" ? new Response("upstream timeout", { status: 500 }) : undefined;
      await chooseRowAction(user, "Deploy bot", "Revoke");
      await user.click(screen.getByRole("button", { name: "Revoke key" }));
      expect((await screen.findByRole("alert")).textContent).toContain("upstream timeout");
      expect(row("Deploy bot").getAttribute("data-state")).toBe("active");
    });
  });
});
