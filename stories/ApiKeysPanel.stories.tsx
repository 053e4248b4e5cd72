import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { ApiKeysPanel } from "../src/components/index.js";
import { STORY_NOW, STORY_TEAM_ID } from "./support/backend.js";

/**
 * The panel both `UserApiKeysPanel` and `TeamApiKeysPanel` are made of, for any owner; here with its
 * optional props: a title and description of the app's own, a smaller page, and `onBeforeRevoke`.
 */
const meta = {
  title: "Panels/ApiKeysPanel",
  component: ApiKeysPanel,
  tags: ["autodocs"],
  args: {
    owner: { type: "user", userId: "me" },
    now: STORY_NOW,
    locale: "en-GB",
    onCreated: fn(),
    onRevoked: fn(),
  },
  parameters: { backend: { seed: "mixed" } },
} satisfies Meta<typeof ApiKeysPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const UserOwner: Story = {};

export const TeamOwner: Story = {
  args: { owner: { type: "team", teamId: STORY_TEAM_ID } },
  parameters: { backend: { seed: "mixed", keysOf: "team" } },
};

export const CustomText: Story = {
  args: {
    title: "Personal access tokens",
    description: "Tokens let the Acme CLI act as you.",
    pageSize: 5,
    showLastUsed: false,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("heading", { name: "Personal access tokens" })).toBeVisible();
    await canvas.findByText("Page 1 of 2");
    await expect(canvas.queryByRole("columnheader", { name: "Last used" })).toBeNull();
  },
};

/** `onBeforeRevoke` answers false: the key stays active and nothing is sent. */
export const RevokeCancelledByApp: Story = {
  args: { onBeforeRevoke: fn(() => false) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Actions for Billing webhook" }));
    const body = within(canvasElement.ownerDocument.body);
    await userEvent.click(body.getByRole("menuitem", { name: "Revoke" }));
    const dialog = body.getByRole("alertdialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Revoke key" }));
    await expect(args.onBeforeRevoke).toHaveBeenCalledOnce();
    const row = canvas.getByRole("rowheader", { name: "Billing webhook" }).closest("tr")!;
    await expect(row).toHaveAttribute("data-state", "active");
    await expect(args.onRevoked).not.toHaveBeenCalled();
  },
};
