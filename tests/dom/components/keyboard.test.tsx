import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { startServer } from "./harness.js";

/** Tabs until `target` has focus, failing if it never does. */
async function tabTo(user: ReturnType<typeof userEvent.setup>, target: () => HTMLElement) {
  for (let i = 0; i < 40; i++) {
    if (document.activeElement === target()) return;
    await user.tab();
  }
  throw new Error("Tab never reached the control.");
}

describe("keyboard only", () => {
  it("creates, copies, closes with Done and revokes without a pointer", async () => {
    const server = startServer();
    const user = userEvent.setup({ delay: null });
    server.render(<UserApiKeysPanel />);
    await screen.findByText(/No API keys yet/);

    const createButton = () => screen.getByRole("button", { name: "Create API key" });
    await tabTo(user, createButton);
    await user.keyboard("{Enter}");
    const dialog = screen.getByRole("dialog", { name: "Create API key" });
    expect(document.activeElement).toBe(within(dialog).getByRole("textbox", { name: "Description" }));
    await user.keyboard("Deploy bot");
    await tabTo(user, () => screen.getByRole("combobox", { name: "Expires" }));
    await tabTo(user, () => screen.getByRole("radio", { name: "Secret" }));
    await user.keyboard("{ArrowDown}");
    expect((screen.getByRole("radio", { name: "Public" }) as HTMLInputElement).checked).toBe(true);
    await tabTo(user, () => screen.getByRole("button", { name: "Create key" }));
    await user.keyboard("{Enter}");

    await screen.findByRole("dialog", { name: "Copy your new API key" });
    const copy = screen.getByRole("button", { name: "Copy" });
    expect(document.activeElement).toBe(copy);
    await user.keyboard("{Enter}");
    expect(await screen.findByText("Copied")).toBeTruthy();
    await tabTo(user, () => screen.getByRole("button", { name: "Done" }));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(createButton()));

    const menuButton = () => screen.getByRole("button", { name: "Actions for Deploy bot" });
    await waitFor(menuButton);
    await tabTo(user, menuButton);
    await user.keyboard("{ArrowUp}");
    // The menu opens on its last item, Revoke, one step from the row.
    expect(menuButton().getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement).toBe(screen.getByRole("menuitem", { name: "Revoke" }));
    await user.keyboard("{Enter}");
    const confirm = screen.getByRole("alertdialog", { name: "Revoke API key?" });
    expect(document.activeElement).toBe(within(confirm).getByRole("button", { name: "Cancel" }));
    await user.tab();
    expect(document.activeElement).toBe(within(confirm).getByRole("button", { name: "Revoke key" }));
    await user.keyboard("{Enter}");
    expect(await screen.findByText("API key “Deploy bot” revoked.")).toBeTruthy();
    const row = screen.getByRole("rowheader", { name: "Deploy bot" }).closest("tr")!;
    expect(row.getAttribute("data-state")).toBe("revoked");
    // The revoked row keeps its menu (Details), and focus is back on it.
    await waitFor(() => expect(document.activeElement).toBe(menuButton()));
  });
});
