import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { TeamApiKeysPanel } from "../src/components/index.js";
import { STORY_NOW, STORY_TEAM_ID } from "./support/backend.js";
import type { BackendParameters } from "./support/backend.js";
import { germanMessages } from "./support/messages-de.js";
import { onDarkPage } from "./support/decorators.js";
import { page, rows } from "./support/play.js";

const backend = (parameters: BackendParameters) => ({ backend: { keysOf: "team", ...parameters } });

/**
 * A team's keys (acme in the sample project). Carol holds `$manage_api_keys` there; Bob is a member
 * without it, and the server answers him as if the team had no keys to show.
 */
const meta = {
  title: "Panels/TeamApiKeysPanel",
  component: TeamApiKeysPanel,
  tags: ["autodocs"],
  args: { teamId: STORY_TEAM_ID, now: STORY_NOW, locale: "en-GB", onCreated: fn(), onRevoked: fn() },
  // A literal, not backend(…): Storybook's docs enrichment replaces a meta's computed parameters.
  parameters: { backend: { keysOf: "team", seed: "some" } },
} satisfies Meta<typeof TeamApiKeysPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText(/A team API key lets a script or service call the API/);
    await within(canvasElement).findByRole("rowheader", { name: "Production deploys" });
  },
};

export const Empty: Story = {
  parameters: backend({ seed: "none" }),
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText(/No API keys yet/);
  },
};

export const Loading: Story = { parameters: backend({ network: "never" }) };

export const Error: Story = {
  parameters: backend({ network: "offline" }),
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole("alert");
  },
};

export const ManyKeys: Story = { parameters: backend({ seed: "many" }) };

export const RevokedAndExpired: Story = { parameters: backend({ seed: "mixed" }) };

/** Bob is in acme without `$manage_api_keys`: the panel says so, and offers no Create button. */
export const NotAllowed: Story = {
  parameters: backend({ signedInAs: "bob" }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText("You don't have permission to manage this team's API keys.");
    await expect(canvas.queryByRole("button", { name: "Create API key" })).toBeNull();
  },
};

/** Carol creates a team key: it lands in the team's list. */
export const Created: Story = {
  parameters: backend({ seed: "none" }),
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Create API key" }));
    const form = within(await page(canvasElement).findByRole("dialog", { name: "Create API key" }));
    await userEvent.type(form.getByRole("textbox", { name: "Description" }), "Acme nightly export");
    await userEvent.selectOptions(form.getByRole("combobox", { name: "Expires" }), "never");
    await userEvent.click(form.getByRole("button", { name: "Create key" }));
    const reveal = within(await page(canvasElement).findByRole("dialog", { name: "Copy your new API key" }));
    await userEvent.click(reveal.getByRole("button", { name: "Copy" }));
    await userEvent.click(reveal.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(1));
    await expect(rows(canvasElement)[0]).toHaveTextContent(/Acme nightly export.*Never/);
  },
};

export const Dark: Story = {
  args: { "data-theme": "dark" } as Story["args"],
  parameters: backend({ seed: "mixed" }),
  decorators: [onDarkPage],
};

export const German: Story = {
  args: { messages: germanMessages, locale: "de-DE" },
  parameters: backend({ signedInAs: "bob" }),
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText("Sie dürfen die API-Schlüssel dieses Teams nicht verwalten.");
  },
};
