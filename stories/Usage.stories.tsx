import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { UserApiKeysPanel } from "../src/components/index.js";
import { STORY_NOW } from "./support/backend.js";
import { germanMessages } from "./support/messages-de.js";
import { onDarkPage } from "./support/decorators.js";
import { page } from "./support/play.js";

/**
 * The `usage` extension in the user panel: each row's last 14 days of checks (accepted below, refused above),
 * and a key's details with 30 days by outcome. Seeded with a key in heavy use with a few refusals, a revoked key
 * that is still being tried, and a key never used.
 */
const meta = {
  title: "Panels/Usage",
  component: UserApiKeysPanel,
  args: { now: STORY_NOW, locale: "en-GB" },
  parameters: { backend: { seed: "usage" } },
} satisfies Meta<typeof UserApiKeysPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The chart in a key's row, once its text alternative reads `name`. */
const chartOf = async (canvasElement: HTMLElement, description: string, name: string | RegExp) => {
  const row = (await within(canvasElement).findByRole("rowheader", { name: description })).closest("tr")!;
  return within(row).findByRole("img", { name });
};

/** Thousands of checks a fortnight, a few refused (a missing scope, a burst over the rate limit). */
export const HeavyUse: Story = {
  play: async ({ canvasElement }) => {
    await chartOf(canvasElement, "Production deploys", /^\d{4} uses in 14 days, \d+ refused$/);
  },
};

/** A revoked key something still calls: its bars turn to refusals from the day it was revoked. */
export const ManyRefusals: Story = {
  play: async ({ canvasElement }) => {
    const chart = await chartOf(canvasElement, "Old mobile app", /refused/);
    const [, total, refused] = /^(\d+) uses in 14 days, (\d+) refused$/.exec(
      chart.getAttribute("aria-label")!,
    )!;
    await expect(Number(refused)).toBeGreaterThan(Number(total) / 3);
  },
};

/** A key made yesterday and never used. */
export const NoUseYet: Story = {
  play: async ({ canvasElement }) => {
    await chartOf(canvasElement, "Local development", "No use in 14 days");
  },
};

/** The rows paint at once; each chart is a quiet placeholder until the one usage request answers. */
export const Loading: Story = {
  parameters: { backend: { seed: "usage", usage: "pending" } },
  play: async ({ canvasElement }) => {
    await chartOf(canvasElement, "Production deploys", "Loading usage…");
  },
};

/** The usage request failed: the rows work as ever, the charts say usage is not available. */
export const Failed: Story = {
  parameters: { backend: { seed: "usage", usage: "failing" } },
  play: async ({ canvasElement }) => {
    await chartOf(canvasElement, "Production deploys", "Usage not available");
  },
};

/** A server without `usage` (as Stack Auth): no column, no request; Details shows the rest. */
export const ServerWithoutUsage: Story = {
  parameters: { backend: { seed: "usage", usage: false } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "Production deploys" });
    await expect(canvas.queryByRole("columnheader", { name: "Last 14 days" })).toBeNull();
    await expect(canvas.queryByRole("img")).toBeNull();
  },
};

/** A key's details from its row menu: kind, status, dates, last use, and 30 days by outcome. */
export const Details: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await chartOf(canvasElement, "Production deploys", /uses in 14 days/);
    await userEvent.click(canvas.getByRole("button", { name: "Actions for Production deploys" }));
    await userEvent.click(await page(canvasElement).findByRole("menuitem", { name: "Details" }));
    const dialog = within(
      await page(canvasElement).findByRole("dialog", { name: "Details of “Production deploys”" }),
    );
    await expect(dialog.getByRole("img", { name: /uses in 30 days/ })).toBeVisible();
    await expect(dialog.getByRole("rowheader", { name: "Rate limited" })).toBeVisible();
  },
};

/** The same, in German on a dark page. */
export const GermanDark: Story = {
  args: { messages: germanMessages, locale: "de-DE", ...{ "data-theme": "dark" } },
  decorators: [onDarkPage],
  play: async ({ canvasElement }) => {
    await chartOf(canvasElement, "Local development", "Keine Nutzung in 14 Tagen");
  },
};
