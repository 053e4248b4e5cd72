import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { useApiKeys } from "../src/hooks/index.js";

/** The hooks alone, over the in-page reference server: the plumbing every other story stands on. */
function KeyList() {
  const query = useApiKeys();
  if (query.isPending) return <p>Loading…</p>;
  if (query.isError) return <p role="alert">{query.error.message}</p>;
  return (
    <ul aria-label="Keys">
      {query.data.map((key) => (
        <li key={key.id}>
          {key.description} (••••{key.value.lastFour})
        </li>
      ))}
    </ul>
  );
}

const meta = {
  title: "Hooks/useApiKeys",
  component: KeyList,
} satisfies Meta<typeof KeyList>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Some: Story = {
  play: async ({ canvasElement }) => {
    const list = await within(canvasElement).findByRole("list", { name: "Keys" });
    await expect(within(list).getAllByRole("listitem")).toHaveLength(4);
  },
};
