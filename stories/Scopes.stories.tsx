import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { UserApiKeysPanel } from "../src/components/index.js";
import { STORY_NOW } from "./support/backend.js";
import type { StoryBackend } from "./support/backend.js";
import { page } from "./support/play.js";

/**
 * The `scopes` extension in the user panel: creating a key asks what it may do (Full access, or Only these
 * from the scopes the server offers, grouped by the part before the colon), each row says what its key may
 * do, and a key can be narrowed from its row. Against a server without `scopes`, none of it shows.
 */
const meta = {
  title: "Panels/Scopes",
  component: UserApiKeysPanel,
  args: { now: STORY_NOW, locale: "en-GB", onCreated: fn() },
  parameters: { backend: { seed: "scoped", scopes: true } },
} satisfies Meta<typeof UserApiKeysPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

async function openCreate(canvasElement: HTMLElement) {
  await userEvent.click(await within(canvasElement).findByRole("button", { name: "Create API key" }));
  return within(await page(canvasElement).findByRole("dialog", { name: "Create API key" }));
}

/** The create dialog starts on Full access: a key that may do whatever its owner may. */
export const CreateFullAccess: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openCreate(canvasElement);
    const choice = within(dialog.getByRole("group", { name: "What can this key do?" }));
    await expect(choice.getByRole("radio", { name: "Full access" })).toBeChecked();
  },
};

/** Only these: the offered scopes by group, each with All; some of a group checked shows All as mixed. */
export const CreateOnlyThese: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openCreate(canvasElement);
    await userEvent.type(dialog.getByRole("textbox", { name: "Description" }), "Notes sync");
    await userEvent.click(dialog.getByRole("radio", { name: "Only these" }));
    const notes = within(await dialog.findByRole("group", { name: "notes" }));
    await userEvent.click(notes.getByRole("checkbox", { name: "Read notes" }));
    await expect(notes.getByRole("checkbox", { name: "All" })).toBePartiallyChecked();
    await expect(dialog.getByRole("group", { name: "billing" })).toBeVisible();
  },
};

/** The offered scopes are asked for when the dialog opens; here the answer never comes. */
export const LoadingScopes: Story = {
  parameters: { backend: { seed: "scoped", scopes: true, scopesNetwork: "never" } },
  play: async ({ canvasElement }) => {
    const dialog = await openCreate(canvasElement);
    await userEvent.click(dialog.getByRole("radio", { name: "Only these" }));
    await expect(dialog.getByText("Loading scopes…")).toBeVisible();
  },
};

/** The offered scopes could not be loaded: the reason shows with Retry, and Full access still works. */
export const ScopesError: Story = {
  parameters: { backend: { seed: "scoped", scopes: true, scopesNetwork: "offline" } },
  play: async ({ canvasElement }) => {
    const dialog = await openCreate(canvasElement);
    await userEvent.click(dialog.getByRole("radio", { name: "Only these" }));
    const alert = await dialog.findByRole("alert");
    await expect(alert).toHaveTextContent(/^Couldn't load the scopes: /);
    await expect(within(alert).getByRole("button", { name: "Retry" })).toBeVisible();
  },
};

/** The network comes back and Retry loads the offered scopes. */
export const ScopesRetried: Story = {
  parameters: ScopesError.parameters,
  play: async ({ canvasElement, loaded }) => {
    const dialog = await openCreate(canvasElement);
    await userEvent.click(dialog.getByRole("radio", { name: "Only these" }));
    await dialog.findByRole("alert");
    (loaded.backend as StoryBackend).goOnline();
    await userEvent.click(dialog.getByRole("button", { name: "Retry" }));
    await expect(await dialog.findByRole("group", { name: "notes" })).toBeVisible();
  },
};

/** Someone who may grant only some scopes: the dialog starts on Only these; Full access is off, with why. */
export const FullAccessRefused: Story = {
  parameters: { backend: { seed: "scoped", scopes: true, grantable: ["notes:read", "notes:write"] } },
  play: async ({ canvasElement }) => {
    const dialog = await openCreate(canvasElement);
    await waitFor(() => expect(dialog.getByRole("radio", { name: "Only these" })).toBeChecked());
    const full = dialog.getByRole("radio", { name: "Full access" });
    await expect(full).toBeDisabled();
    await expect(full).toHaveAccessibleDescription("Full access includes scopes you can't grant.");
    await expect(await dialog.findByRole("group", { name: "notes" })).toBeVisible();
    await expect(dialog.queryByRole("group", { name: "billing" })).toBeNull();
  },
};

/** Each row: Full access, or its scopes in short; focus or hover shows every scope id. */
export const RowSummary: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "Accounting export" });
    await expect(canvas.getByText("Full access")).toBeVisible();
    await expect(canvas.getByText("notes: read")).toHaveAttribute("title", "notes:read");
    const accounting = canvas.getByText(/notes: read, write/);
    await expect(accounting).toHaveTextContent("notes: read, write; billing: read");
    accounting.focus();
  },
};

/** Edit scopes from the row menu: only the key's own scopes, to uncheck. */
export const EditScopes: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "Accounting export" });
    await userEvent.click(canvas.getByRole("button", { name: "Actions for Accounting export" }));
    await userEvent.click(page(canvasElement).getByRole("menuitem", { name: "Edit scopes" }));
    const dialog = within(await page(canvasElement).findByRole("dialog", { name: "Edit scopes" }));
    const billing = within(await dialog.findByRole("group", { name: "billing" }));
    await expect(billing.queryByRole("checkbox", { name: "Change the plan" })).toBeNull();
    await userEvent.click(dialog.getByRole("checkbox", { name: "Write notes" }));
    await expect(dialog.getByRole("checkbox", { name: "Write notes" })).not.toBeChecked();
  },
};

/** A server without `scopes` (Stack Auth, or the sample project): no choice, no summary, no menu item. */
export const WithoutScopes: Story = {
  parameters: { backend: { seed: "scoped", scopes: false } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "Accounting export" });
    await expect(canvas.queryByText("Full access")).toBeNull();
    const dialog = await openCreate(canvasElement);
    await waitFor(() => expect(dialog.getByRole("radio", { name: "Secret" })).toBeChecked());
    await expect(dialog.queryByRole("group", { name: "What can this key do?" })).toBeNull();
  },
};
