import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { ExpiryPicker } from "../src/components/index.js";
import { STORY_NOW } from "./support/backend.js";
import { inStyleRoot } from "./support/decorators.js";
import { germanMessages } from "./support/messages-de.js";

/** Presets from 1 day to 1 year, Never, or a custom day; the caption says the resulting date. */
const meta = {
  title: "Parts/ExpiryPicker",
  component: ExpiryPicker,
  tags: ["autodocs"],
  args: { now: STORY_NOW, locale: "en-GB", onValueChange: fn() },
  decorators: [inStyleRoot],
  parameters: { backend: { seed: "none" } },
} satisfies Meta<typeof ExpiryPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Expires on 26 Dec 2026")).toBeVisible();
  },
};

export const Never: Story = { args: { defaultValue: { preset: "never" } } };

export const OneYear: Story = { args: { defaultValue: { preset: "1y" } } };

/** A custom day lasts to its end in the viewer's time zone. */
export const CustomExpiry: Story = {
  args: { defaultValue: { preset: "custom", date: "2027-02-28" } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Expires on 28 Feb 2027")).toBeVisible();
  },
};

export const CustomDayMissing: Story = {
  args: { defaultValue: { preset: "custom" }, showErrors: true },
};

export const PastDayRefused: Story = {
  args: { defaultValue: { preset: "custom" } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText("Expiry date"), "2026-11-01");
    await expect(canvas.getByText("Pick today or a later day.")).toBeVisible();
    await expect(canvas.getByLabelText("Expiry date")).toHaveAttribute("aria-invalid", "true");
    await expect(args.onValueChange).toHaveBeenLastCalledWith({ preset: "custom", date: "2026-11-01" });
  },
};

export const Dark: Story = { parameters: { theme: "dark" } };

export const German: Story = { args: { messages: germanMessages, locale: "de-DE" } };
