import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { UserApiKeysPanel } from "../src/components/index.js";
import { STORY_NOW } from "./support/backend.js";
import type { StoryBackend } from "./support/backend.js";
import { germanMessages } from "./support/messages-de.js";
import { onDarkPage } from "./support/decorators.js";
import { page, rows } from "./support/play.js";

/**
 * A key's life beyond create and revoke, in the user panel: the row menu, rename in place, keys about to
 * expire, and a rolled key linked to its replacement. Seeded with keys expiring in 3 and 6 days and a key
 * rolled two hours ago whose old key works until tomorrow.
 */
const meta = {
  title: "Panels/Key lifecycle",
  component: UserApiKeysPanel,
  args: { now: STORY_NOW, locale: "en-GB", onRenamed: fn(), onRolled: fn() },
  parameters: { backend: { seed: "lifecycle" } },
} satisfies Meta<typeof UserApiKeysPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

const rowOf = (canvasElement: HTMLElement, description: string, index = 0) =>
  within(canvasElement).getAllByRole("rowheader", { name: description })[index]!.closest("tr")!;

/** A key within 7 days of expiry: a badge, its own filter with a count, and a line in the header. */
export const ExpiringSoon: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "Staging deploys" });
    await expect(canvas.getByText("3 keys expire within 7 days.")).toBeVisible();
    await expect(
      within(rowOf(canvasElement, "Staging deploys")).getByText("Expires in 3 days"),
    ).toBeVisible();
    await userEvent.click(canvas.getByRole("tab", { name: "Expiring soon 3" }));
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(3));
  },
};

/** A rolled key and its replacement, each naming the other by its last four. */
export const LinkedRows: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() =>
      expect(canvas.getAllByRole("rowheader", { name: "Billing webhook" })).toHaveLength(2),
    );
    await expect(
      within(rowOf(canvasElement, "Billing webhook", 0)).getByText(/^Replaces ••••\w{4}$/),
    ).toBeVisible();
    await expect(
      within(rowOf(canvasElement, "Billing webhook", 1)).getByText(
        /^Replaced by ••••\w{4}, stops working in 22 hours$/,
      ),
    ).toBeVisible();
  },
};

/** The row menu open: Rename, Roll, Details, Revoke. */
export const RowMenu: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Actions for Staging deploys" }));
    const menu = within(
      await page(canvasElement).findByRole("menu", { name: "Actions for Staging deploys" }),
    );
    await expect(menu.getAllByRole("menuitem").map((item) => item.textContent)).toEqual([
      "Rename",
      "Roll",
      "Details",
      "Revoke",
    ]);
    await expect(menu.getByRole("menuitem", { name: "Rename" })).toHaveFocus();
  },
};

/** Rename in place: the description becomes a field; Enter saves, Escape cancels. */
export const Rename: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Actions for Staging deploys" }));
    await userEvent.click(await page(canvasElement).findByRole("menuitem", { name: "Rename" }));
    const field = canvas.getByRole("textbox", { name: "New description for Staging deploys" });
    await expect(field).toHaveFocus();
    await userEvent.clear(field);
    await userEvent.type(field, "Staging deploys (EU)");
  },
};

/** Renamed: the row shows it at once and the server confirms. */
export const Renamed: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Actions for Staging deploys" }));
    await userEvent.click(await page(canvasElement).findByRole("menuitem", { name: "Rename" }));
    const field = canvas.getByRole("textbox", { name: "New description for Staging deploys" });
    await userEvent.clear(field);
    await userEvent.type(field, "Staging deploys (EU){Enter}");
    await canvas.findByRole("rowheader", { name: "Staging deploys (EU)" });
    await waitFor(() => expect(args.onRenamed).toHaveBeenCalledOnce());
  },
};

/** The session ended before the rename reached the server: the row goes back, with the server's reason. */
export const RenameRefused: Story = {
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Actions for Staging deploys" }));
    await userEvent.click(await page(canvasElement).findByRole("menuitem", { name: "Rename" }));
    (loaded.backend as StoryBackend).endSession();
    const field = canvas.getByRole("textbox", { name: "New description for Staging deploys" });
    await userEvent.clear(field);
    await userEvent.type(field, "Staging deploys (EU){Enter}");
    const alert = await canvas.findByRole("alert");
    await expect(alert).toHaveTextContent(/^Couldn't rename “Staging deploys”: .+/);
    await canvas.findByRole("rowheader", { name: "Staging deploys" });
  },
};

/** Every new state's wording in German, on a dark page. */
export const GermanDark: Story = {
  args: { messages: germanMessages, locale: "de-DE" },
  decorators: [onDarkPage],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "Staging deploys" });
    await expect(canvas.getByText("3 Schlüssel laufen innerhalb von 7 Tagen ab.")).toBeVisible();
    await expect(canvas.getByRole("tab", { name: "Läuft bald ab 3" })).toBeVisible();
  },
};

/** Keys reported found in public: one revoked for it (next step: a new key), one only flagged (roll it). */
export const FoundInPublic: Story = {
  parameters: { backend: { seed: "leaked" } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "CI deploy token" });
    const revoked = within(rowOf(canvasElement, "CI deploy token"));
    await expect(revoked.getByText(/^Revoked: found public at/)).toBeVisible();
    await expect(revoked.getByRole("link", { name: /github\.com\/acme/ })).toBeVisible();
    await expect(revoked.getByRole("button", { name: "Create a new key" })).toBeVisible();
    const flagged = within(rowOf(canvasElement, "Analytics widget"));
    await expect(flagged.getByText(/^Found public at/)).toBeVisible();
    await expect(flagged.getByRole("button", { name: "Roll" })).toBeVisible();
  },
};
