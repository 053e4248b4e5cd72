import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { RevokeApiKeyDialog } from "../src/components/index.js";
import type { RevokeApiKeyDialogProps } from "../src/components/index.js";
import { useApiKeys } from "../src/hooks/index.js";
import { STORY_NOW } from "./support/backend.js";
import { inStyleRoot } from "./support/decorators.js";
import { germanMessages } from "./support/messages-de.js";
import { page } from "./support/play.js";

/** The dialog over a key fetched from the in-page server ("Billing webhook"). */
function RevokeBillingWebhook(props: Partial<RevokeApiKeyDialogProps>) {
  const query = useApiKeys();
  const key = query.data?.find((candidate) => candidate.description === "Billing webhook") ?? null;
  return (
    <>
      <p>{key ? `“${key.description}” is ${key.whyInvalid(STORY_NOW) ?? "active"}.` : "Loading…"}</p>
      <RevokeApiKeyDialog owner={{ type: "user", userId: "me" }} apiKey={key} {...props} />
    </>
  );
}

/** Asks before revoking: names the key, says it stops working at once, and starts on Cancel. */
const meta = {
  title: "Parts/RevokeApiKeyDialog",
  component: RevokeApiKeyDialog,
  tags: ["autodocs"],
  args: {
    owner: { type: "user", userId: "me" },
    apiKey: null,
    defaultOpen: true,
    onRevoked: fn(),
    onRevokeError: fn(),
    onOpenChange: fn(),
  },
  argTypes: { apiKey: { control: false } },
  decorators: [inStyleRoot],
  parameters: { backend: { seed: "some" } },
  render: ({ apiKey: _apiKey, ...args }) => <RevokeBillingWebhook {...args} />,
} satisfies Meta<typeof RevokeApiKeyDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

const alertDialog = async (canvasElement: HTMLElement, name = "Revoke API key?") =>
  within(await page(canvasElement).findByRole("alertdialog", { name }));

export const RevokeConfirm: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await alertDialog(canvasElement);
    await expect(dialog.getByText(/“Billing webhook” \(••••\w{4}\) stops working at once/)).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toHaveFocus();
  },
};

export const Revoked: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = await alertDialog(canvasElement);
    await userEvent.click(dialog.getByRole("button", { name: "Revoke key" }));
    await waitFor(() => expect(args.onRevoked).toHaveBeenCalledOnce());
    await expect(
      await within(canvasElement).findByText("“Billing webhook” is manually-revoked."),
    ).toBeVisible();
  },
};

/** An app's `onBeforeRevoke` that takes its time: the button says so and cannot be pressed twice. */
export const AppDeciding: Story = {
  args: { onBeforeRevoke: () => new Promise<boolean>(() => {}) },
  play: async ({ canvasElement }) => {
    const dialog = await alertDialog(canvasElement);
    await userEvent.click(dialog.getByRole("button", { name: "Revoke key" }));
    await expect(dialog.getByRole("button", { name: "Revoking…" })).toHaveAttribute("aria-disabled", "true");
  },
};

export const Dark: Story = { args: { "data-theme": "dark" } as Story["args"], parameters: { theme: "dark" } };

export const German: Story = {
  args: { messages: germanMessages },
  play: async ({ canvasElement }) => {
    await alertDialog(canvasElement, "API-Schlüssel widerrufen?");
  },
};
