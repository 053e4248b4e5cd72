import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { SecretReveal } from "../src/components/index.js";
import { inStyleRoot } from "./support/decorators.js";
import { germanMessages } from "./support/messages-de.js";

/** A well-formed key (right shape and checksum) that no story server has issued. */
const SAMPLE_KEY = "rak_sk_7Qm2ZpX9cLw4Rt8Vn3Bk6Hy1Jd5Fg0Ts2Pa9Ue4M0oCqe";

/** The one-time view of a new key: the whole key read-only, Copy (focused on arrival), and Done. */
const meta = {
  title: "Parts/SecretReveal",
  component: SecretReveal,
  tags: ["autodocs"],
  args: { value: SAMPLE_KEY, onCopied: fn(), onDone: fn() },
  decorators: [inStyleRoot],
  parameters: { backend: { seed: "none" } },
} satisfies Meta<typeof SecretReveal>;

export default meta;
type Story = StoryObj<typeof meta>;

export const RevealStep: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Copy" })).toHaveFocus();
  },
};

/** Copy puts the key on the clipboard and says "Copied" through a polite live region. */
export const Copied: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Copy" }));
    // The live region is there from the start (so readers announce changes); wait for its text.
    await waitFor(() => expect(canvas.getByRole("status")).toHaveTextContent("Copied"));
    await expect(await navigator.clipboard.readText()).toBe(SAMPLE_KEY);
    await expect(args.onCopied).toHaveBeenCalledOnce();
  },
};

/** Without `onDone` there is no Done button: the surrounding dialog brings its own way out. */
export const WithoutDone: Story = { args: { onDone: undefined } };

export const Dark: Story = { parameters: { theme: "dark" } };

export const German: Story = { args: { messages: germanMessages } };
