import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { RollApiKeyDialog } from "../src/components/index.js";
import type { RollApiKeyDialogProps } from "../src/components/index.js";
import { useApiKeys } from "../src/hooks/index.js";
import { STORY_NOW } from "./support/backend.js";
import { inStyleRoot } from "./support/decorators.js";
import { germanMessages } from "./support/messages-de.js";
import { page } from "./support/play.js";

/** The dialog over a key fetched from the in-page server ("Production deploys", made for 90 days). */
function RollProductionDeploys(props: Partial<RollApiKeyDialogProps>) {
  const query = useApiKeys();
  const key = query.data?.find((candidate) => candidate.description === "Production deploys") ?? null;
  return <RollApiKeyDialog owner={{ type: "user", userId: "me" }} apiKey={key} {...props} />;
}

/**
 * Replaces a key: the new key's expiry (the old key's lifetime by default) and how long the old key keeps
 * working, then the one-time reveal. Without the server's `roll`, a replacement and "Revoke the old key now?".
 */
const meta = {
  title: "Parts/RollApiKeyDialog",
  component: RollApiKeyDialog,
  tags: ["autodocs"],
  args: {
    owner: { type: "user", userId: "me" },
    apiKey: null,
    defaultOpen: true,
    now: STORY_NOW,
    locale: "en-GB",
    onRolled: fn(),
    onRevoked: fn(),
    onOpenChange: fn(),
  },
  argTypes: { apiKey: { control: false } },
  decorators: [inStyleRoot],
  parameters: { backend: { seed: "some" } },
  render: ({ apiKey: _apiKey, ...args }) => <RollProductionDeploys {...args} />,
} satisfies Meta<typeof RollApiKeyDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

const dialog = async (canvasElement: HTMLElement, name: string) =>
  within(await page(canvasElement).findByRole("dialog", { name }));

/** The first step: the expiry defaults to the old key's own lifetime, the overlap to 24 hours. */
export const RollStep: Story = {
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement, "Roll API key");
    await waitFor(() => expect(form.getByRole("combobox", { name: "Expires" })).toHaveValue("90d"));
    await expect(form.getByRole("combobox", { name: "Old key stops working" })).toHaveValue(
      String(24 * 3_600_000),
    );
  },
};

/** Rolled: the same one-time reveal as create, Copy focused. */
export const RevealStep: Story = {
  play: async ({ canvasElement, args }) => {
    const form = await dialog(canvasElement, "Roll API key");
    await userEvent.click(form.getByRole("button", { name: "Roll key" }));
    const reveal = await dialog(canvasElement, "Copy your new API key");
    await expect(reveal.getByRole("button", { name: "Copy" })).toHaveFocus();
    await waitFor(() => expect(args.onRolled).toHaveBeenCalledOnce());
  },
};

/** Leaving the reveal before copying asks first, as on create. */
export const RevealGuard: Story = {
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement, "Roll API key");
    await userEvent.click(form.getByRole("button", { name: "Roll key" }));
    const reveal = await dialog(canvasElement, "Copy your new API key");
    await userEvent.click(reveal.getByRole("button", { name: "Done" }));
    await expect(
      await page(canvasElement).findByRole("alertdialog", { name: "Close without copying?" }),
    ).toBeVisible();
  },
};

/** A server without `roll` (as Stack Auth): no overlap; a replacement is made with create. */
export const FallbackStep: Story = {
  parameters: { backend: { seed: "some", roll: false } },
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement, "Roll API key");
    await expect(form.getByText(/You then choose whether to revoke the old one/)).toBeVisible();
    await expect(form.queryByRole("combobox", { name: "Old key stops working" })).toBeNull();
  },
};

/** After the replacement's reveal: "Revoke the old key now?", starting on Keep both. */
export const FallbackAsk: Story = {
  parameters: FallbackStep.parameters,
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement, "Roll API key");
    await userEvent.click(form.getByRole("button", { name: "Roll key" }));
    const reveal = await dialog(canvasElement, "Copy your new API key");
    await userEvent.click(reveal.getByRole("button", { name: "Copy" }));
    await userEvent.click(reveal.getByRole("button", { name: "Done" }));
    const ask = await dialog(canvasElement, "Revoke the old key now?");
    await expect(ask.getByRole("button", { name: "Keep both" })).toHaveFocus();
    await expect(ask.getByRole("button", { name: "Revoke now" })).toBeVisible();
  },
};

/** The same step in German, through the `messages` prop. */
export const German: Story = {
  args: { messages: germanMessages, locale: "de-DE" },
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement, "API-Schlüssel erneuern");
    await expect(
      form.getByRole("combobox", { name: "Alter Schlüssel funktioniert nicht mehr" }),
    ).toBeVisible();
  },
};
