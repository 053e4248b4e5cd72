import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { CreateApiKeyDialog } from "../src/components/index.js";
import { STORY_NOW } from "./support/backend.js";
import { inStyleRoot } from "./support/decorators.js";
import { germanMessages } from "./support/messages-de.js";
import { page } from "./support/play.js";

/**
 * Create, then the one-time reveal, in one dialog. Opened by its own "Create API key" button, or
 * controlled through `open` / `defaultOpen` / `onOpenChange`.
 */
const meta = {
  title: "Parts/CreateApiKeyDialog",
  component: CreateApiKeyDialog,
  tags: ["autodocs"],
  args: {
    owner: { type: "user", userId: "me" },
    defaultOpen: true,
    now: STORY_NOW,
    locale: "en-GB",
    onCreated: fn(),
    onOpenChange: fn(),
  },
  decorators: [inStyleRoot],
  parameters: { backend: { seed: "none" } },
} satisfies Meta<typeof CreateApiKeyDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

const dialog = async (canvasElement: HTMLElement, name = "Create API key") =>
  within(await page(canvasElement).findByRole("dialog", { name }));

export const CreateDialog: Story = {
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement);
    await expect(form.getByRole("combobox", { name: "Expires" })).toHaveValue("30d");
    await expect(form.getByText("Expires on 26 Dec 2026")).toBeVisible();
    await expect(form.getByRole("radio", { name: "Secret" })).toBeChecked();
  },
};

export const Closed: Story = {
  args: { defaultOpen: false },
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Create API key" }));
    await dialog(canvasElement);
    await expect(args.onOpenChange).toHaveBeenCalledWith(true);
  },
};

/**
 * Modal without touching `<body>`: the page behind keeps its scroll bar and layout but takes no wheel
 * scrolling, is hidden from assistive technology, and Tab stays in the dialog. No attribute, inline style or
 * stylesheet is added to `<body>`, so opening restyles nothing of the page.
 */
export const PageLocked: Story = {
  args: { defaultOpen: false },
  play: async ({ canvasElement }) => {
    const stylesheets = document.styleSheets.length;
    const bodyAttributes = () =>
      document.body.getAttributeNames().map((name) => [name, document.body.getAttribute(name)]);
    const before = bodyAttributes();
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Create API key" }));
    const form = await dialog(canvasElement);
    const overlay = document.querySelector<HTMLElement>('[data-slot="dialog-overlay"]')!;
    const wheel = new WheelEvent("wheel", { deltaY: 120, bubbles: true, cancelable: true });
    overlay.dispatchEvent(wheel);
    await expect(wheel.defaultPrevented).toBe(true);
    await expect(bodyAttributes()).toEqual(before);
    await expect(document.styleSheets.length).toBe(stylesheets);
    await expect(canvasElement.closest("[aria-hidden]")?.getAttribute("aria-hidden")).toBe("true");

    // Tab from the last control comes back round to the first.
    await expect(form.getByRole("textbox", { name: "Description" })).toHaveFocus();
    form.getByRole("button", { name: "Close" }).focus();
    await userEvent.tab();
    await expect(form.getByRole("textbox", { name: "Description" })).toHaveFocus();
    await userEvent.tab({ shift: true });
    await expect(form.getByRole("button", { name: "Close" })).toHaveFocus();
  },
};

/** An empty description is refused on submit, with the field focused. */
export const DescriptionRequired: Story = {
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement);
    await userEvent.click(form.getByRole("button", { name: "Create key" }));
    await expect(form.getByText("Enter a description.")).toBeVisible();
    await expect(form.getByRole("textbox", { name: "Description" })).toHaveFocus();
  },
};

/** Near the 100-character limit a count appears. */
export const DescriptionNearLimit: Story = {
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement);
    const text = "Nightly export of invoices to the accounting system, run by the finance team's cron";
    await userEvent.type(form.getByRole("textbox", { name: "Description" }), text);
    await expect(form.getByText(`${text.length} of 100 characters`)).toBeVisible();
  },
};

export const CustomExpiry: Story = {
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement);
    await userEvent.selectOptions(form.getByRole("combobox", { name: "Expires" }), "custom");
    await userEvent.type(form.getByLabelText("Expiry date"), "2027-01-15");
    await expect(form.getByText("Expires on 15 Jan 2027")).toBeVisible();
  },
};

export const PublicKey: Story = {
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement);
    await userEvent.click(form.getByRole("radio", { name: "Public" }));
    await expect(form.getByText(/Anyone may see a public key/)).toBeVisible();
  },
};

/** A public key created and revealed: `pk` in place of `sk`. */
export const RevealStep: Story = {
  play: async ({ canvasElement, args }) => {
    const form = await dialog(canvasElement);
    await userEvent.type(form.getByRole("textbox", { name: "Description" }), "Storefront widget");
    await userEvent.click(form.getByRole("radio", { name: "Public" }));
    await userEvent.click(form.getByRole("button", { name: "Create key" }));
    const reveal = await dialog(canvasElement, "Copy your new API key");
    const field = reveal.getByRole<HTMLInputElement>("textbox", { name: "Your API key" });
    await expect(field.value).toMatch(/^rak_pk_/);
    await expect(field).toHaveAttribute("readonly");
    await expect(reveal.getByRole("button", { name: "Copy" })).toHaveFocus();
    await waitFor(() => expect(args.onCreated).toHaveBeenCalledOnce());
  },
};

/** The server refuses (user keys are switched off): what was typed stays, with the server's reason. */
export const CreateFailed: Story = {
  parameters: { backend: { seed: "none", userApiKeys: false } },
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement);
    await userEvent.type(form.getByRole("textbox", { name: "Description" }), "Deploy bot");
    await userEvent.click(form.getByRole("button", { name: "Create key" }));
    await expect(await form.findByRole("alert")).toHaveTextContent(
      "Couldn't create the key: User API keys are not enabled for this project.",
    );
    await expect(form.getByRole("textbox", { name: "Description" })).toHaveValue("Deploy bot");
  },
};

export const Dark: Story = { args: { "data-theme": "dark" } as Story["args"], parameters: { theme: "dark" } };

/**
 * An app's theme switch on `<html>` (`class="dark"`, as next-themes and shadcn/ui set it) reaches the
 * dialog, which is portalled out of the panel and carries no theme of its own.
 */
export const AppDarkTheme: Story = {
  parameters: { theme: "dark" },
  beforeEach: () => {
    document.documentElement.classList.add("dark");
    return () => document.documentElement.classList.remove("dark");
  },
  play: async ({ canvasElement }) => {
    await dialog(canvasElement);
    const content = document.querySelector<HTMLElement>('[data-slot="create-api-key-dialog"]')!;
    await expect(content.hasAttribute("data-theme")).toBe(false);
    await expect(getComputedStyle(content).getPropertyValue("--rak-bg").trim()).toBe("#111827");
  },
};

export const German: Story = {
  args: { messages: germanMessages, locale: "de-DE" },
  play: async ({ canvasElement }) => {
    const form = await dialog(canvasElement, "API-Schlüssel erstellen");
    await expect(form.getByText("Läuft am 26. Dez. 2026 ab")).toBeVisible();
  },
};
