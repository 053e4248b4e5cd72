import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { ApiKeyTable } from "../src/components/index.js";
import type { ApiKeyTableProps } from "../src/components/index.js";
import { useApiKeys } from "../src/hooks/index.js";
import { STORY_NOW } from "./support/backend.js";
import { germanMessages } from "./support/messages-de.js";
import { inStyleRoot } from "./support/decorators.js";
import { rows } from "./support/play.js";

/** The table as an app would wire it to `useApiKeys`: props from the story override the query's. */
function TableOverServer(props: Partial<ApiKeyTableProps>) {
  const query = useApiKeys();
  return (
    <ApiKeyTable
      keys={query.data}
      isLoading={query.isPending}
      error={query.error}
      onRetry={() => void query.refetch()}
      isRetrying={query.isFetching}
      {...props}
    />
  );
}

/**
 * The list on its own: status filter with counts, search over description and last four, and pages.
 * Its data comes from `useApiKeys()` against the in-page reference server.
 */
const meta = {
  title: "Parts/ApiKeyTable",
  component: ApiKeyTable,
  tags: ["autodocs"],
  args: { keys: undefined, now: STORY_NOW, locale: "en-GB", onRevoke: fn() },
  argTypes: { keys: { control: false } },
  parameters: { backend: { seed: "mixed" } },
  decorators: [inStyleRoot],
  // `keys` is the query's; the story's other args override what the query gives.
  render: ({ keys: _keys, ...args }) => <TableOverServer {...args} />,
} satisfies Meta<typeof ApiKeyTable>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

export const Empty: Story = { parameters: { backend: { seed: "none" } } };

export const Loading: Story = { parameters: { backend: { network: "never" } } };

export const Error: Story = { parameters: { backend: { network: "offline" } } };

export const ManyKeys: Story = {
  parameters: { backend: { seed: "many" } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText("Page 1 of 100");
    await userEvent.click(canvas.getByRole("button", { name: "Next page" }));
    await expect(canvas.getByText("Page 2 of 100")).toBeVisible();
    // Filtering starts again from the first page.
    await userEvent.click(canvas.getByRole("tab", { name: /Expired/ }));
    await expect(canvas.getByText("Page 1 of 18")).toBeVisible();
  },
};

export const Revoked: Story = {
  args: { defaultFilter: "revoked" },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(2));
    await expect(rows(canvasElement).every((row) => row.dataset.state === "revoked")).toBe(true);
  },
};

export const Expired: Story = { args: { defaultFilter: "expired" } };

/** Searching matches the description or the last four, and the counts follow the search. */
export const Searched: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("rowheader", { name: "Old CI runner" });
    await userEvent.type(canvas.getByRole("searchbox", { name: "Search keys" }), "widget");
    await waitFor(() => expect(rows(canvasElement)).toHaveLength(2));
    await expect(canvas.getByRole("tab", { name: /Revoked/ })).toHaveTextContent("1");
    await userEvent.clear(canvas.getByRole("searchbox", { name: "Search keys" }));
    await userEvent.type(canvas.getByRole("searchbox", { name: "Search keys" }), "no such key");
    await expect(await canvas.findByText("No keys match.")).toBeVisible();
  },
};

/** Without `onRevoke` the table is read-only. */
export const ReadOnly: Story = { args: { onRevoke: undefined } };

export const NotAllowed: Story = {
  args: { ownerType: "team" },
  parameters: { backend: { keysOf: "team", signedInAs: "bob" } },
  render: ({ keys: _keys, ...args }) => <TeamTable {...args} />,
};

function TeamTable(props: Partial<ApiKeyTableProps>) {
  const query = useApiKeys({ type: "team", teamId: "team-acme" });
  return <ApiKeyTable keys={query.data} isLoading={query.isPending} error={query.error} {...props} />;
}

export const Dark: Story = { parameters: { theme: "dark" } };

export const German: Story = { args: { messages: germanMessages, locale: "de-DE" } };
