import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { UserApiKeysPanel } from "../src/components/index.js";
import { STORY_NOW } from "./support/backend.js";
import type { BackendParameters, StoryBackend } from "./support/backend.js";
import { germanMessages } from "./support/messages-de.js";
import { onDarkPage } from "./support/decorators.js";
import { page, rows } from "./support/play.js";

const backend = (parameters: BackendParameters) => ({ backend: parameters });

/**
 * The signed-in user's keys (alice in the sample project), against the reference server running in the
 * page. Every story starts from a freshly seeded store at a fixed moment, 26 Nov 2026 12:00 UTC.
 */
const meta = {
  title: "Panels/UserApiKeysPanel",
  component: UserApiKeysPanel,
  tags: ["autodocs"],
  args: { now: STORY_NOW, locale: "en-GB", onCreated: fn(), onRevoked: fn() },
  // A literal, not backend(…): Storybook's docs enrichment replaces a meta's computed parameters.
  parameters: { backend: { seed: "some" } },
} satisfies Meta<typeof UserApiKeysPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "Production deploys" });
    await expect(rows(canvasElement)).toHaveLength(4);
  },
};

export const Empty: Story = {
  parameters: backend({ seed: "none" }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText(/No API keys yet/);
    await expect(canvas.getByRole("button", { name: "Create API key" })).toBeVisible();
  },
};

/** A request that never answers: skeleton rows hold the layout. */
export const Loading: Story = {
  parameters: backend({ network: "never" }),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("table")).toHaveAttribute("aria-busy", "true");
  },
};

/** The network is down: what failed, in words, and Retry. */
export const Error: Story = {
  parameters: backend({ network: "offline" }),
  play: async ({ canvasElement }) => {
    const alert = await within(canvasElement).findByRole("alert");
    await expect(alert).toHaveTextContent("Couldn't load the API keys.");
    await expect(within(alert).getByRole("button", { name: "Retry" })).toBeVisible();
  },
};

/** The network comes back and Retry loads the list. */
export const Retried: Story = {
  parameters: Error.parameters,
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("alert");
    (loaded.backend as StoryBackend).goOnline();
    await userEvent.click(await canvas.findByRole("button", { name: "Retry" }));
    await canvas.findByRole("rowheader", { name: "Production deploys" });
  },
};

/** 1,000 keys, paged; the play function filters by status and searches. */
export const ManyKeys: Story = {
  parameters: backend({ seed: "many" }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText("Page 1 of 100");
    await expect(rows(canvasElement)).toHaveLength(10);

    await userEvent.click(canvas.getByRole("tab", { name: /Revoked/ }));
    await waitFor(() =>
      expect(rows(canvasElement).every((row) => row.dataset.state === "revoked")).toBe(true),
    );

    await userEvent.click(canvas.getByRole("tab", { name: /All/ }));
    await userEvent.type(canvas.getByRole("searchbox", { name: "Search keys" }), "backup 0003");
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(1));
    await expect(canvas.getByRole("rowheader", { name: "Nightly backup 0003" })).toBeVisible();
  },
};

/** Active keys first, then revoked and expired ones, newest first. */
export const RevokedAndExpired: Story = {
  parameters: backend({ seed: "mixed" }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "Old CI runner" });
    const states = rows(canvasElement).map((row) => row.dataset.state);
    await expect(states).toEqual([
      "active",
      "active",
      "active",
      "active",
      "expired",
      "revoked",
      "expired",
      "revoked",
    ]);
    await expect(canvas.getByText("expired 3 days ago")).toBeVisible();
  },
};

export const CreateDialog: Story = {
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Create API key" }));
    const dialog = await page(canvasElement).findByRole("dialog", { name: "Create API key" });
    await expect(within(dialog).getByRole("textbox", { name: "Description" })).toHaveFocus();
    await expect(within(dialog).getByText("Expires on 26 Dec 2026")).toBeVisible();
  },
};

/** A custom day: the key lasts to the end of it; a past day is refused. */
export const CustomExpiry: Story = {
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Create API key" }));
    const dialog = within(await page(canvasElement).findByRole("dialog", { name: "Create API key" }));
    await userEvent.selectOptions(dialog.getByRole("combobox", { name: "Expires" }), "custom");
    const date = dialog.getByLabelText("Expiry date");
    await userEvent.type(date, "2026-11-20");
    await expect(dialog.getByText("Pick today or a later day.")).toBeVisible();
    await userEvent.clear(date);
    await userEvent.type(date, "2027-03-01");
    await expect(dialog.getByText("Expires on 1 Mar 2027")).toBeVisible();
  },
};

export const PublicKey: Story = {
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Create API key" }));
    const dialog = within(await page(canvasElement).findByRole("dialog", { name: "Create API key" }));
    await userEvent.click(dialog.getByRole("radio", { name: "Public" }));
    await expect(dialog.getByText(/Anyone may see a public key/)).toBeVisible();
  },
};

/** A slow server: Create says so and cannot be pressed twice; everything typed stays while it waits. */
export const Creating: Story = {
  parameters: backend({ latencyMs: 1500 }),
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Create API key" }));
    const form = within(await page(canvasElement).findByRole("dialog", { name: "Create API key" }));
    await userEvent.type(form.getByRole("textbox", { name: "Description" }), "Slow link");
    await userEvent.click(form.getByRole("button", { name: "Create key" }));
    await expect(form.getByRole("button", { name: "Creating…" })).toHaveAttribute("aria-disabled", "true");
  },
};

/** Create a key and copy it: the one time the whole key is on screen. */
export const RevealStep: Story = {
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Create API key" }));
    const form = within(await page(canvasElement).findByRole("dialog", { name: "Create API key" }));
    await userEvent.type(form.getByRole("textbox", { name: "Description" }), "  Release pipeline  ");
    await userEvent.click(form.getByRole("button", { name: "Create key" }));

    const reveal = within(await page(canvasElement).findByRole("dialog", { name: "Copy your new API key" }));
    const field = reveal.getByRole<HTMLInputElement>("textbox", { name: "Your API key" });
    await expect(field.value).toMatch(/^rak_sk_[0-9A-Za-z]{39}$/);
    const copy = reveal.getByRole("button", { name: "Copy" });
    await expect(copy).toHaveFocus();
    await userEvent.click(copy);
    await expect(await reveal.findByText("Copied")).toBeVisible();
    await expect(await navigator.clipboard.readText()).toBe(field.value);
  },
};

/** The whole create flow ends back in the list, with the new key's last four and no trace of the rest. */
export const Created: Story = {
  play: async (context) => {
    await RevealStep.play!(context);
    const { canvasElement, args } = context;
    const reveal = within(page(canvasElement).getByRole("dialog", { name: "Copy your new API key" }));
    const whole = reveal.getByRole<HTMLInputElement>("textbox", { name: "Your API key" }).value;
    await userEvent.click(reveal.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(page(canvasElement).queryByRole("dialog")).toBeNull());

    const row = (await within(canvasElement).findByRole("rowheader", { name: "Release pipeline" })).closest(
      "tr",
    )!;
    await expect(row).toHaveTextContent(`sk_••••${whole.slice(-4)}`);
    await expect(canvasElement.ownerDocument.body.innerHTML).not.toContain(whole);
    await expect(args.onCreated).toHaveBeenCalledWith(
      expect.objectContaining({ description: "Release pipeline", value: { lastFour: whole.slice(-4) } }),
    );
  },
};

/** Leaving the reveal before copying asks first. */
export const CloseWithoutCopying: Story = {
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Create API key" }));
    const form = within(await page(canvasElement).findByRole("dialog", { name: "Create API key" }));
    await userEvent.type(form.getByRole("textbox", { name: "Description" }), "Scratch");
    await userEvent.click(form.getByRole("button", { name: "Create key" }));
    await page(canvasElement).findByRole("dialog", { name: "Copy your new API key" });
    await userEvent.keyboard("{Escape}");
    const guard = await page(canvasElement).findByRole("alertdialog", { name: "Close without copying?" });
    await expect(within(guard).getByRole("button", { name: "Go back" })).toHaveFocus();
  },
};

export const RevokeConfirm: Story = {
  play: async ({ canvasElement }) => {
    await userEvent.click(
      await within(canvasElement).findByRole("button", { name: "Actions for Billing webhook" }),
    );
    await userEvent.click(await page(canvasElement).findByRole("menuitem", { name: "Revoke" }));
    const dialog = await page(canvasElement).findByRole("alertdialog", { name: "Revoke API key?" });
    await expect(dialog).toHaveTextContent(
      /Anything using “Billing webhook” \(••••\w{4}\) stops working at once/,
    );
    await expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
  },
};

/** Confirmed: the row shows Revoked at once, and the server agrees. */
export const Revoked: Story = {
  play: async (context) => {
    await RevokeConfirm.play!(context);
    const { canvasElement, args } = context;
    const dialog = page(canvasElement).getByRole("alertdialog", { name: "Revoke API key?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Revoke key" }));
    const row = within(canvasElement).getByRole("rowheader", { name: "Billing webhook" }).closest("tr")!;
    await waitFor(() => expect(row).toHaveAttribute("data-state", "revoked"));
    await waitFor(() => expect(args.onRevoked).toHaveBeenCalledOnce());
    await expect(within(canvasElement).getByRole("button", { name: "Create API key" })).toBeVisible();
  },
};

/** The project has user keys switched off: the panel says so instead of showing an empty list. */
export const NotEnabled: Story = {
  parameters: backend({ userApiKeys: false }),
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText("API keys are not enabled for this project.");
  },
};

/** `data-theme="dark"` on the panel; its dialogs follow. */
export const Dark: Story = {
  args: { "data-theme": "dark" } as Story["args"],
  parameters: backend({ seed: "mixed" }),
  decorators: [onDarkPage],
};

export const German: Story = {
  args: { messages: germanMessages, locale: "de-DE" },
  parameters: backend({ seed: "mixed" }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "API-Schlüssel" });
    await expect(await canvas.findByText("abgelaufen vor 3 Tagen")).toBeVisible();
  },
};
