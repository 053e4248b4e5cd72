import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { chooseRowAction, expectNoAxeViolations, startServer } from "./harness.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const row = (name: string) => screen.getByRole("rowheader", { name }).closest("tr")!;
const patches = (server: ReturnType<typeof startServer>) =>
  server.state.requests.filter((request) => request.method === "PATCH");

async function setup(props: Partial<Parameters<typeof UserApiKeysPanel>[0]> = {}) {
  const server = startServer({ now: NOW });
  await server.seed({ description: "Deploy bot" });
  const user = userEvent.setup({ delay: null });
  server.render(<UserApiKeysPanel now={new Date(NOW)} {...props} />);
  await screen.findByRole("rowheader", { name: "Deploy bot" });
  return { server, user, menuButton: screen.getByRole("button", { name: "Actions for Deploy bot" }) };
}

describe("the row menu", () => {
  describe("when the keyboard opens it", () => {
    it("is a menu button whose items arrow keys, Home, End and a first letter move through", async () => {
      const { user, menuButton } = await setup();
      expect(menuButton.getAttribute("aria-haspopup")).toBe("menu");
      expect(menuButton.getAttribute("aria-expanded")).toBe("false");
      menuButton.focus();
      await user.keyboard("{ArrowDown}");
      const menu = screen.getByRole("menu", { name: "Actions for Deploy bot" });
      expect(menuButton.getAttribute("aria-expanded")).toBe("true");
      expect(menuButton.getAttribute("aria-controls")).toBe(menu.id);
      const items = within(menu).getAllByRole("menuitem");
      expect(items.map((item) => item.textContent)).toEqual(["Rename", "Roll", "Details", "Revoke"]);
      expect(document.activeElement).toBe(items[0]);
      await user.keyboard("{ArrowDown}");
      expect(document.activeElement).toBe(items[1]);
      await user.keyboard("{ArrowUp}{ArrowUp}");
      expect(document.activeElement).toBe(items[3]);
      await user.keyboard("{ArrowDown}");
      expect(document.activeElement).toBe(items[0]);
      await user.keyboard("{End}");
      expect(document.activeElement).toBe(items[3]);
      await user.keyboard("{Home}");
      expect(document.activeElement).toBe(items[0]);
      // A first letter moves to the next item that starts with it.
      await user.keyboard("r");
      expect(document.activeElement).toBe(items[1]);
      await user.keyboard("r");
      expect(document.activeElement).toBe(items[3]);
      await expectNoAxeViolations();

      await user.keyboard("{Escape}");
      expect(screen.queryByRole("menu")).toBeNull();
      expect(menuButton.getAttribute("aria-expanded")).toBe("false");
      expect(document.activeElement).toBe(menuButton);
    });

    it("closes on Tab, and on a click outside", async () => {
      const { user, menuButton } = await setup();
      menuButton.focus();
      await user.keyboard("{Enter}");
      expect(document.activeElement).toBe(screen.getByRole("menuitem", { name: "Rename" }));
      await user.tab();
      expect(screen.queryByRole("menu")).toBeNull();
      await user.click(menuButton);
      expect(screen.getByRole("menu")).toBeTruthy();
      await user.click(screen.getByRole("heading", { name: "API keys" }));
      expect(screen.queryByRole("menu")).toBeNull();
    });
  });
});

describe("renaming in place", () => {
  describe("when the person types a new description and presses Enter", () => {
    it("shows it at once, saves it trimmed, announces it and returns focus to the menu button", async () => {
      const { server, user, menuButton } = await setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.state.intercept = async (request) => {
        if (request.method === "PATCH") await gate;
        return undefined;
      };
      menuButton.focus();
      await user.keyboard("{Enter}{Enter}");
      const input = screen.getByRole("textbox", { name: "New description for Deploy bot" });
      expect(document.activeElement).toBe(input);
      expect((input as HTMLInputElement).value).toBe("Deploy bot");
      await expectNoAxeViolations();
      await user.clear(input);
      await user.keyboard("  Release bot  {Enter}");

      expect(await screen.findByRole("rowheader", { name: "Release bot" })).toBeTruthy(); // PATCH still held
      await waitFor(() => expect(document.activeElement).toBe(menuButton));
      act(() => release());
      expect(await screen.findByText("API key renamed to “Release bot”.")).toBeTruthy();
      expect(patches(server).map((request) => request.body)).toEqual([{ description: "Release bot" }]);
      const [stored] = await server.store.list("sample-project", "user", "user-alice");
      expect(stored!.description).toBe("Release bot");
    });
  });

  describe("when the person presses Escape", () => {
    it("keeps the old description, sends nothing, and returns focus to the menu button", async () => {
      const { server, user, menuButton } = await setup();
      await chooseRowAction(user, "Deploy bot", "Rename");
      await user.keyboard("Something else{Escape}");
      expect(screen.queryByRole("textbox", { name: /New description/ })).toBeNull();
      expect(screen.getByRole("rowheader", { name: "Deploy bot" })).toBeTruthy();
      expect(document.activeElement).toBe(menuButton);
      expect(patches(server)).toEqual([]);
    });

    it("closes an open menu, so its items never act on the key that took the row", async () => {
      const { server, user } = await setup();
      await user.click(screen.getByRole("button", { name: "Actions for Deploy bot" }));
      await screen.findByRole("menu", { name: "Actions for Deploy bot" });
      await server.seed({ description: "Metrics exporter" });
      await act(() => server.queryClient.invalidateQueries());
      await screen.findByRole("rowheader", { name: "Metrics exporter" });
      expect(screen.queryByRole("menu")).toBeNull();
    });
  });

  describe("given a description create would refuse", () => {
    it("says why and sends nothing: empty, or over 100 characters", async () => {
      const { server, user } = await setup();
      await chooseRowAction(user, "Deploy bot", "Rename");
      const input = screen.getByRole("textbox", { name: "New description for Deploy bot" });
      await user.clear(input);
      await user.keyboard("   {Enter}");
      expect(input.getAttribute("aria-invalid")).toBe("true");
      expect(input.getAttribute("aria-describedby")).toBeTruthy();
      expect(document.getElementById(input.getAttribute("aria-describedby")!)!.textContent).toBe(
        "Enter a description.",
      );
      await expectNoAxeViolations();
      await user.type(input, "x".repeat(101));
      await user.keyboard("{Enter}");
      expect(document.getElementById(input.getAttribute("aria-describedby")!)!.textContent).toBe(
        "Use at most 100 characters.",
      );
      expect(patches(server)).toEqual([]);
    });
  });

  describe("when a refetch puts another key in the row", () => {
    it("leaves the other key as it is: the rename belongs to its own key", async () => {
      const { server, user } = await setup();
      await chooseRowAction(user, "Deploy bot", "Rename");
      // A key made elsewhere arrives with a refetch, newest first: it takes the row "Deploy bot" was in.
      await server.seed({ description: "Metrics exporter" });
      await act(() => server.queryClient.invalidateQueries());
      await screen.findByRole("rowheader", { name: "Metrics exporter" });
      expect(screen.queryByRole("textbox", { name: "New description for Metrics exporter" })).toBeNull();
      expect(patches(server)).toEqual([]);
    });
  });

  describe("when the server refuses", () => {
    it("rolls the row back to the old description and shows the server's reason", async () => {
      const { server, user } = await setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.state.intercept = async (request) => {
        if (request.method !== "PATCH") return undefined;
        await gate;
        return new Response("upstream timeout", { status: 500 });
      };
      await chooseRowAction(user, "Deploy bot", "Rename");
      await user.clear(screen.getByRole("textbox", { name: "New description for Deploy bot" }));
      await user.keyboard("Release bot{Enter}");
      expect(await screen.findByRole("rowheader", { name: "Release bot" })).toBeTruthy(); // PATCH still held
      act(() => release());
      const alert = await screen.findByRole("alert");
      expect(alert.textContent).toBe("Couldn't rename “Deploy bot”: upstream timeout");
      await waitFor(() => expect(screen.getByRole("rowheader", { name: "Deploy bot" })).toBeTruthy());
      await expectNoAxeViolations();
    });
  });
});

describe("expiring soon", () => {
  async function seedExpiries() {
    const server = startServer({ now: NOW });
    await server.seed({ description: "Soon", expiresAt: new Date(NOW + 3 * DAY) });
    await server.seed({ description: "Later", expiresAt: new Date(NOW + 10 * DAY) });
    await server.seed({ description: "Forever" });
    const gone = await server.seed({ description: "Revoked soon", expiresAt: new Date(NOW + 2 * DAY) });
    await gone.revoke();
    return server;
  }

  it("flags an active key within 7 days, counts it in its own filter and in the header", async () => {
    const server = await seedExpiries();
    const user = userEvent.setup({ delay: null });
    server.render(<UserApiKeysPanel now={new Date(NOW)} locale="en-GB" />);
    await screen.findByRole("rowheader", { name: "Soon" });
    expect(within(row("Soon")).getByText("Expires in 3 days")).toBeTruthy();
    expect(row("Soon").getAttribute("data-state")).toBe("active");
    expect(within(row("Later")).queryByText(/^Expires/)).toBeNull();
    expect(within(row("Revoked soon")).queryByText(/^Expires/)).toBeNull();
    expect(screen.getByText("1 key expires within 7 days.")).toBeTruthy();
    const tab = screen.getByRole("tab", { name: "Expiring soon 1" });
    await user.click(tab);
    const names = screen.getAllByRole("rowheader").map((cell) => cell.textContent);
    expect(names).toEqual(["Soon"]);
    await expectNoAxeViolations();
  });

  it("takes its threshold from a prop", async () => {
    const server = await seedExpiries();
    server.render(<UserApiKeysPanel now={new Date(NOW)} expiringSoonDays={14} />);
    await screen.findByRole("rowheader", { name: "Soon" });
    expect(screen.getByText("2 keys expire within 14 days.")).toBeTruthy();
    expect(screen.getByRole("tab", { name: "Expiring soon 2" })).toBeTruthy();
    expect(within(row("Later")).getByText("Expires in 10 days")).toBeTruthy();
  });

  it("says nothing in the header when no key is expiring soon", async () => {
    const server = startServer({ now: NOW });
    await server.seed({ description: "Forever" });
    server.render(<UserApiKeysPanel now={new Date(NOW)} />);
    await screen.findByRole("rowheader", { name: "Forever" });
    expect(screen.queryByText(/within 7 days/)).toBeNull();
    expect(screen.getByRole("tab", { name: "Expiring soon 0" })).toBeTruthy();
  });
});
