// The panels against a server that answers like Stack Auth: no `extensions` in list answers, no roll route.
// Every core flow works; no extension control shows and no extension request is made.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { copyAndClose, fillForm, openCreate, submitAndReveal } from "./create-steps.js";
import { chooseRowAction, startServer } from "./harness.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const EXTENSION_PATHS = /\/roll\b|\/usage\b|\/api-key-scopes\b/;

describe("against a server without extensions (as Stack Auth)", () => {
  it("creates, renames, replaces and revokes on the core contract only", async () => {
    const server = startServer({ now: NOW, handler: { roll: false, usage: false } });
    const listAnswer = await server.client.me.listApiKeys();
    expect(listAnswer.extensions).toEqual([]);
    const user = userEvent.setup({ delay: null });
    server.render(<UserApiKeysPanel now={new Date(NOW)} />);
    await screen.findByText(/No API keys yet/);

    await openCreate(user);
    expect(screen.queryByRole("group", { name: "What can this key do?" })).toBeNull();
    await fillForm(user, { description: "Deploy bot" });
    await submitAndReveal(user, server);
    await copyAndClose(user);
    await screen.findByRole("rowheader", { name: "Deploy bot" });

    expect(document.querySelector('[data-slot="scopes"]')).toBeNull();
    await user.click(screen.getByRole("button", { name: "Actions for Deploy bot" }));
    expect(screen.queryByRole("menuitem", { name: "Edit scopes" })).toBeNull();
    await user.keyboard("{Escape}");
    await chooseRowAction(user, "Deploy bot", "Rename");
    await user.clear(screen.getByRole("textbox", { name: "New description for Deploy bot" }));
    await user.keyboard("Release bot{Enter}");
    await screen.findByText("API key renamed to “Release bot”.");

    // Details shows what the core contract gives, and no usage: no chart, no column, no request.
    expect(screen.queryByRole("columnheader", { name: "Last 14 days" })).toBeNull();
    await chooseRowAction(user, "Release bot", "Details");
    const details = await screen.findByRole("dialog", { name: "Details of “Release bot”" });
    expect(within(details).getByText("Created")).toBeTruthy();
    expect(within(details).getByText("Never", { selector: "dd" })).toBeTruthy();
    expect(within(details).queryByRole("img")).toBeNull();
    expect(within(details).queryByText("Last 30 days")).toBeNull();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    // Roll falls back to create and an offer to revoke: no overlap, no link between the rows.
    await chooseRowAction(user, "Release bot", "Roll");
    expect(screen.queryByRole("combobox", { name: "Old key stops working" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Roll key" }));
    await screen.findByRole("dialog", { name: "Copy your new API key" });
    await user.click(screen.getByRole("button", { name: "Copy" }));
    await user.click(screen.getByRole("button", { name: "Done" }));
    await user.click(await screen.findByRole("button", { name: "Keep both" }));
    await waitFor(() => expect(screen.getAllByRole("rowheader", { name: "Release bot" })).toHaveLength(2));
    expect(document.querySelector('[data-slot="roll-link"]')).toBeNull();

    const [first] = screen
      .getAllByRole("rowheader", { name: "Release bot" })
      .map((cell) => cell.closest("tr")!);
    await user.click(within(first!).getByRole("button", { name: "Actions for Release bot" }));
    await user.click(screen.getByRole("menuitem", { name: "Revoke" }));
    await user.click(screen.getByRole("button", { name: "Revoke key" }));
    await screen.findByText("API key “Release bot” revoked.");

    const stored = await server.store.list("sample-project", "user", "user-alice");
    expect(stored.map((key) => [key.description, key.revokedAtMillis !== null])).toEqual(
      expect.arrayContaining([
        ["Release bot", true],
        ["Release bot", false],
      ]),
    );
    expect(server.state.requests.filter((r) => EXTENSION_PATHS.test(new URL(r.url).pathname))).toEqual([]);
    for (const request of server.state.requests.filter((r) => r.method === "POST"))
      expect(Object.keys(request.body as object).sort()).toEqual([
        "description",
        "expires_at_millis",
        "is_public",
        "user_id",
      ]);
  });
});
