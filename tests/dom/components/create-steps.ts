import { screen, waitFor } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { expect } from "vitest";
import type { TestServer } from "./harness.js";

export async function openCreate(user: UserEvent) {
  await user.click(await screen.findByRole("button", { name: "Create API key" }));
  // Radix arms a dialog's click-outside listener on a timer once it opens, and no one clicks sooner; a
  // user-event without delays would, and on React 18 that press would count as the next outside click.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return screen.getByRole("dialog", { name: "Create API key" });
}

export async function fillForm(
  user: UserEvent,
  { description, expiry, date }: { description: string; expiry?: string; date?: string },
) {
  if (description) await user.type(screen.getByRole("textbox", { name: "Description" }), description);
  if (expiry) await user.selectOptions(screen.getByRole("combobox", { name: "Expires" }), expiry);
  if (date !== undefined) {
    const input = screen.getByLabelText("Expiry date");
    await user.clear(input);
    if (date) await user.type(input, date);
  }
}

/** Submits, waits for the reveal, and answers the create request's body and the whole key shown. */
export async function submitAndReveal(user: UserEvent, server: TestServer) {
  const before = server.state.requests.length;
  await user.click(screen.getByRole("button", { name: "Create key" }));
  await screen.findByRole("dialog", { name: "Copy your new API key" });
  const posts = server.state.requests.slice(before).filter((r) => r.method === "POST");
  expect(posts).toHaveLength(1);
  const value = (screen.getByRole("textbox", { name: "Your API key" }) as HTMLInputElement).value;
  return { body: posts[0]!.body as Record<string, unknown>, value };
}

export async function copyAndClose(user: UserEvent) {
  await user.click(screen.getByRole("button", { name: "Copy" }));
  await screen.findByText("Copied");
  await user.click(screen.getByRole("button", { name: "Done" }));
  await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
}
