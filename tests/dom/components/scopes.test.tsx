// The `scopes` extension in the panels, against the reference handler with scopes declared.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { fillForm, openCreate, submitAndReveal } from "./create-steps.js";
import { chooseRowAction, expectNoAxeViolations, networkDown, startServer } from "./harness.js";
import type { TestServer } from "./harness.js";
import type { GrantableScopes } from "../../../src/server/scopes.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const SCOPES = [
  { id: "notes:read", label: "Read notes", description: "List the notes" },
  { id: "notes:write", label: "Write notes" },
  { id: "billing:read", label: "See invoices" },
];

function setup(grantable?: GrantableScopes) {
  const server = startServer({
    now: NOW,
    handler: { scopes: SCOPES, ...(grantable ? { grantableScopes: grantable } : {}) },
  });
  const user = userEvent.setup({ delay: null });
  return { server, user };
}

const scopeRequests = (server: TestServer) =>
  server.state.requests.filter((r) => new URL(r.url).pathname.endsWith("/api-key-scopes"));
const group = (name: string) => screen.getByRole("group", { name });
const box = (groupName: string, name: string) =>
  within(group(groupName)).getByRole("checkbox", { name }) as HTMLInputElement;
const rowOf = (description: string) =>
  screen.getByRole("rowheader", { name: description, hidden: true }).closest("tr")!;
const summaryOf = (description: string) =>
  rowOf(description).querySelector<HTMLElement>('[data-slot="scopes"]');

describe("scopes in the panel", () => {
  describe("when the create dialog opens", () => {
    it("fetches the grantable scopes then, not on the panel's first load, and defaults to Full access", async () => {
      const { server, user } = setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByText(/No API keys yet/);
      expect(scopeRequests(server)).toEqual([]);

      await openCreate(user);
      const choice = group("What can this key do?");
      expect((within(choice).getByRole("radio", { name: "Full access" }) as HTMLInputElement).checked).toBe(
        true,
      );
      await waitFor(() => expect(scopeRequests(server)).toHaveLength(1));
      await expectNoAxeViolations();

      await fillForm(user, { description: "Everything bot" });
      const { body } = await submitAndReveal(user, server);
      expect(body).not.toHaveProperty("scopes");
    });

    it("shows the checklist grouped by prefix, with a tri-state All per group", async () => {
      const { server, user } = setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await openCreate(user);
      await user.click(screen.getByRole("radio", { name: "Only these" }));
      await screen.findByRole("group", { name: "notes" });
      const described = box("notes", "Read notes").getAttribute("aria-describedby")!;
      expect(document.getElementById(described)!.textContent).toBe("List the notes");
      expect(box("billing", "See invoices").checked).toBe(false);
      await expectNoAxeViolations();

      await user.click(box("notes", "Write notes"));
      expect(box("notes", "All").indeterminate).toBe(true);
      await expectNoAxeViolations();
      await user.click(box("notes", "All"));
      expect([box("notes", "Read notes").checked, box("notes", "Write notes").checked]).toEqual([true, true]);
      expect([box("notes", "All").checked, box("notes", "All").indeterminate]).toEqual([true, false]);
      expect(box("billing", "See invoices").checked).toBe(false);
      await user.click(box("notes", "All"));
      expect([box("notes", "Read notes").checked, box("notes", "Write notes").checked]).toEqual([
        false,
        false,
      ]);
    });

    it("says so while the scopes load, and when they cannot be loaded", async () => {
      const { server, user } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.state.intercept = async (request) => {
        if (new URL(request.url).pathname.endsWith("/api-key-scopes")) await gate;
        return undefined;
      };
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await openCreate(user);
      await user.click(screen.getByRole("radio", { name: "Only these" }));
      expect(screen.getByText("Loading scopes…").getAttribute("role")).toBe("status");
      await expectNoAxeViolations();
      release();
      await screen.findByRole("group", { name: "notes" });
    });

    it("shows why the scopes could not be loaded, and Full access still creates", async () => {
      const { server, user } = setup();
      server.state.intercept = (request) =>
        new URL(request.url).pathname.endsWith("/api-key-scopes") ? networkDown() : undefined;
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await openCreate(user);
      await user.click(screen.getByRole("radio", { name: "Only these" }));
      expect((await screen.findByRole("alert")).textContent).toMatch(/^Couldn't load the scopes: /);
      await expectNoAxeViolations();
      await user.click(screen.getByRole("radio", { name: "Full access" }));
      await fillForm(user, { description: "Still works" });
      const { body } = await submitAndReveal(user, server);
      expect(body).not.toHaveProperty("scopes");
    });
  });

  describe("given a person who may not grant every scope", () => {
    const radio = (name: string) => screen.getByRole("radio", { name }) as HTMLInputElement;

    it("starts on Only these, with Full access disabled and the reason read out", async () => {
      const { server, user } = setup(() => ["notes:read", "notes:write"]);
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await openCreate(user);
      await screen.findByRole("group", { name: "notes" });
      expect(radio("Only these").checked).toBe(true);
      expect([radio("Full access").checked, radio("Full access").disabled]).toEqual([false, true]);
      const why = "Full access includes scopes you can't grant.";
      // Both choices carry it: the disabled one is skipped by Tab, so the focusable one tells it.
      for (const name of ["Full access", "Only these"]) {
        expect(document.getElementById(radio(name).getAttribute("aria-describedby")!)!.textContent).toBe(why);
      }
      expect(screen.queryByRole("group", { name: "billing" })).toBeNull();
      await expectNoAxeViolations();
    });

    it("creates a restricted key with the keyboard only, never sending full access", async () => {
      const { server, user } = setup(() => ["notes:read", "notes:write"]);
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByText(/No API keys yet/);
      await user.tab();
      await user.keyboard("{Enter}");
      await screen.findByRole("group", { name: "notes" });
      await user.keyboard("Notes bot");
      const before = server.state.requests.length;
      // Sent with nothing checked: the form says so and sends nothing.
      await user.keyboard("{Enter}");
      expect(screen.getByRole("alert").textContent).toBe("Choose at least one scope.");
      expect(document.activeElement).toBe(radio("Only these"));
      // Arrows stay on the only choice there is.
      await user.keyboard("{ArrowUp}");
      expect([radio("Only these").checked, radio("Full access").checked]).toEqual([true, false]);
      await user.tab();
      expect(document.activeElement).toBe(box("notes", "All"));
      await user.tab();
      await user.keyboard(" ");
      await user.keyboard("{Enter}");
      await screen.findByRole("dialog", { name: "Copy your new API key" });
      const posts = server.state.requests.slice(before).filter((r) => r.method === "POST");
      expect(posts.map((r) => (r.body as { scopes?: unknown }).scopes)).toEqual([["notes:read"]]);
    });

    it("shows the server's refusal when the grant went after the list was read, then reads the list again", async () => {
      let grantable = SCOPES.map((s) => s.id);
      const { server, user } = setup(() => grantable);
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await openCreate(user);
      await fillForm(user, { description: "Everything bot" });
      await waitFor(() => expect(scopeRequests(server)).toHaveLength(1));
      expect(radio("Full access")).toMatchObject({ checked: true, disabled: false });
      grantable = ["notes:read"];
      await user.click(screen.getByRole("button", { name: "Create key" }));
      await screen.findByText(
        /^Couldn't create the key: .*full access includes scopes you may not grant.*notes:write, billing:read/,
      );
      expect(await server.store.list("sample-project", "user", "user-alice")).toEqual([]);
      // The list is read again: Full access is now disabled, and what was typed stays.
      await waitFor(() => expect(radio("Full access")).toMatchObject({ checked: false, disabled: true }));
      expect(scopeRequests(server)).toHaveLength(2);
      expect(radio("Only these").checked).toBe(true);
      expect(screen.getByRole("textbox", { name: "Description" })).toHaveProperty("value", "Everything bot");
      expect(screen.getAllByRole("alert").map((alert) => alert.textContent)).toEqual([
        "Choose at least one scope.",
        expect.stringMatching(/^Couldn't create the key: /),
      ]);
      await expectNoAxeViolations();
    });
  });

  describe("given a full-access key and a person who may not grant every scope", () => {
    it("refuses to roll it with the server's reason, and nothing new appears", async () => {
      let grantable = SCOPES.map((s) => s.id);
      const { server, user } = setup(() => grantable);
      await server.seed({ description: "Full bot" });
      grantable = ["notes:read"];
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByRole("rowheader", { name: "Full bot" });
      await chooseRowAction(user, "Full bot", "Roll");
      const dialog = screen.getByRole("dialog", { name: "Roll API key" });
      await user.click(within(dialog).getByRole("button", { name: "Roll key" }));
      expect((await within(dialog).findByRole("alert")).textContent).toMatch(
        /^Couldn't roll the key: .*full access includes scopes you may not grant.*notes:write, billing:read/,
      );
      const stored = await server.store.list("sample-project", "user", "user-alice");
      expect(stored.map((key) => [key.description, key.rolledToId ?? null])).toEqual([["Full bot", null]]);
      await expectNoAxeViolations();
    });
  });

  describe("when the scopes fail to load", () => {
    it("offers Retry, which asks again and shows the checklist", async () => {
      // The app's permission lookup fails once (the handler answers 500), then answers when released.
      let calls = 0;
      let release!: () => void;
      const slow = new Promise<void>((resolve) => (release = resolve));
      const { server, user } = setup(async () => {
        if (calls++ === 0) throw new Error("permissions service down");
        await slow;
        return SCOPES.map((s) => s.id);
      });
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await openCreate(user);
      await user.click(screen.getByRole("radio", { name: "Only these" }));
      const alert = await screen.findByRole("alert");
      expect(alert.textContent).toMatch(/^Couldn't load the scopes: /);
      await expectNoAxeViolations();
      await user.click(within(alert).getByRole("button", { name: "Retry" }));
      // Asking again: the loading state, focus kept in the dialog.
      await screen.findByText("Loading scopes…");
      expect(screen.queryByRole("alert")).toBeNull();
      await waitFor(() => expect(screen.getByRole("dialog").contains(document.activeElement)).toBe(true));
      release();
      await screen.findByRole("group", { name: "notes" });
      expect(scopeRequests(server)).toHaveLength(2);
    });
  });

  describe("when Only these is chosen", () => {
    it("cannot be sent with nothing checked", async () => {
      const { server, user } = setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await openCreate(user);
      await fillForm(user, { description: "Nothing bot" });
      await user.click(screen.getByRole("radio", { name: "Only these" }));
      await screen.findByRole("group", { name: "notes" });
      const before = server.state.requests.length;
      await user.click(screen.getByRole("button", { name: "Create key" }));
      expect(screen.getByRole("alert").textContent).toBe("Choose at least one scope.");
      expect(document.activeElement).toBe(screen.getByRole("radio", { name: "Only these" }));
      expect(server.state.requests.slice(before).filter((r) => r.method === "POST")).toEqual([]);
      await expectNoAxeViolations();
    });

    it("creates a restricted key with the keyboard only, sending exactly the checked scopes", async () => {
      const { server, user } = setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByText(/No API keys yet/);
      const tabTo = async (target: () => HTMLElement) => {
        for (let i = 0; i < 40 && document.activeElement !== target(); i++) await user.tab();
        expect(document.activeElement).toBe(target());
      };
      await tabTo(() => screen.getByRole("button", { name: "Create API key" }));
      await user.keyboard("{Enter}");
      await user.keyboard("Read-only bot");
      await tabTo(() => screen.getByRole("radio", { name: "Full access" }));
      await user.keyboard("{ArrowDown}");
      expect((screen.getByRole("radio", { name: "Only these" }) as HTMLInputElement).checked).toBe(true);
      await screen.findByRole("group", { name: "notes" });
      await tabTo(() => box("notes", "Read notes"));
      await user.keyboard(" ");
      await tabTo(() => box("billing", "See invoices"));
      await user.keyboard(" ");
      await tabTo(() => screen.getByRole("button", { name: "Create key" }));
      const before = server.state.requests.length;
      await user.keyboard("{Enter}");
      await screen.findByRole("dialog", { name: "Copy your new API key" });
      const [post] = server.state.requests.slice(before).filter((r) => r.method === "POST");
      expect((post!.body as { scopes: string[] }).scopes).toEqual(["notes:read", "billing:read"]);
      const [stored] = await server.store.list("sample-project", "user", "user-alice");
      expect([...(stored!.scopes ?? [])].sort()).toEqual(["billing:read", "notes:read"]);
    });

    it("keeps what was typed and checked when the server refuses", async () => {
      let grantable = SCOPES.map((s) => s.id);
      const { server, user } = setup(() => grantable);
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await openCreate(user);
      await fillForm(user, { description: "Billing bot" });
      await user.click(screen.getByRole("radio", { name: "Only these" }));
      await screen.findByRole("group", { name: "billing" });
      await user.click(box("billing", "See invoices"));
      // The person loses the right to grant billing while the dialog is open.
      grantable = ["notes:read", "notes:write"];
      await user.click(screen.getByRole("button", { name: "Create key" }));
      expect((await screen.findByRole("alert")).textContent).toMatch(
        /^Couldn't create the key: .*billing:read/,
      );
      expect((screen.getByRole("textbox", { name: "Description" }) as HTMLInputElement).value).toBe(
        "Billing bot",
      );
      expect((screen.getByRole("radio", { name: "Only these" }) as HTMLInputElement).checked).toBe(true);
      expect(box("billing", "See invoices").checked).toBe(true);
      await expectNoAxeViolations();
    });
  });

  describe("given keys with and without scopes", () => {
    async function seeded() {
      const s = setup();
      await s.server.seed({ description: "Full bot" });
      await s.server.seed({
        description: "Notes bot",
        scopes: ["notes:read", "notes:write", "billing:read"],
      });
      await s.server.seed({ description: "Reader", scopes: ["notes:read", "notes:write"] });
      s.server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByRole("rowheader", { name: "Reader" });
      return s;
    }

    it("each row says Full access or its scopes in short, the whole list in the title", async () => {
      const { server } = await seeded();
      expect(summaryOf("Full bot")!.textContent).toBe("Full access");
      const summary = summaryOf("Notes bot")!;
      expect(summary.textContent).toMatch(
        /^(notes: read, write; billing: read|billing: read; notes: read, write)$/,
      );
      expect(summary.title.split(", ").sort()).toEqual(["billing:read", "notes:read", "notes:write"]);
      expect(summary.tabIndex).toBe(0);
      expect(scopeRequests(server)).toEqual([]);
      await expectNoAxeViolations();
    });

    it("narrows a key from its row: only the key's own scopes, sent with PATCH", async () => {
      const { server, user } = await seeded();
      await chooseRowAction(user, "Reader", "Edit scopes");
      const dialog = await screen.findByRole("dialog", { name: "Edit scopes" });
      await within(dialog).findByRole("group", { name: "notes" });
      expect(within(dialog).queryByRole("group", { name: "billing" })).toBeNull();
      await expectNoAxeViolations();
      await user.click(box("notes", "Write notes"));
      const before = server.state.requests.length;
      await user.click(within(dialog).getByRole("button", { name: "Save" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      const patches = server.state.requests.slice(before).filter((r) => r.method === "PATCH");
      expect(patches.map((r) => r.body)).toEqual([{ scopes: ["notes:read"] }]);
      await waitFor(() => expect(summaryOf("Reader")!.textContent).toBe("notes: read"));
    });

    it("offers a full-access key every grantable scope, all checked", async () => {
      const { user } = await seeded();
      await chooseRowAction(user, "Full bot", "Edit scopes");
      const dialog = await screen.findByRole("dialog", { name: "Edit scopes" });
      await within(dialog).findByRole("group", { name: "billing" });
      expect(
        within(dialog)
          .getAllByRole("checkbox")
          .every((c) => (c as HTMLInputElement).checked),
      ).toBe(true);
    });

    it("shows the server's reason and rolls the row back when it refuses", async () => {
      const { server, user } = await seeded();
      await chooseRowAction(user, "Reader", "Edit scopes");
      const dialog = await screen.findByRole("dialog", { name: "Edit scopes" });
      await within(dialog).findByRole("group", { name: "notes" });
      // Another tab narrowed the key to reading meanwhile: writing alone would now widen it.
      const [stored] = (await server.store.list("sample-project", "user", "user-alice")).filter(
        (k) => k.description === "Reader",
      );
      await (await server.client.me.getApiKey(stored!.id)).update({ scopes: ["notes:read"] });
      await user.click(box("notes", "Read notes"));
      await user.click(within(dialog).getByRole("button", { name: "Save" }));
      expect((await within(dialog).findByRole("alert")).textContent).toMatch(
        /^Couldn't change the scopes: .*notes:write/,
      );
      expect(summaryOf("Reader")!.textContent).toBe("notes: read, write");
    });
  });
});
