import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { VisibilityChoice } from "../src/components/index.js";
import { inStyleRoot } from "./support/decorators.js";
import { germanMessages } from "./support/messages-de.js";

/** Secret (the default) or public, each with one line on what it is for. */
const meta = {
  title: "Parts/VisibilityChoice",
  component: VisibilityChoice,
  tags: ["autodocs"],
  args: { onValueChange: fn() },
  decorators: [inStyleRoot],
  parameters: { backend: { seed: "none" } },
} satisfies Meta<typeof VisibilityChoice>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Secret: Story = {};

/** Choosing public shows the warning that anyone may see the key. */
export const PublicKey: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("radio", { name: "Public" }));
    await expect(args.onValueChange).toHaveBeenCalledWith("public");
    await expect(canvas.getByText(/Anyone may see a public key/)).toBeVisible();
    await expect(canvas.getByRole("radio", { name: "Public" })).toHaveAccessibleDescription(
      /Anyone may see a public key/,
    );
  },
};

export const Dark: Story = { args: { defaultValue: "public" }, parameters: { theme: "dark" } };

export const German: Story = { args: { defaultValue: "public", messages: germanMessages } };
