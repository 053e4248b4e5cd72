// How many requests each flow of the panel makes, counted as they reach the reference handler. These are
// exact (unlike timings), so they are asserted; `npm run bench` reports the same counts from Chromium.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { copyAndClose, fillForm, openCreate, submitAndReveal } from "./create-steps.js";
import { chooseRowAction, startServer } from "./harness.js";
import type { TestServer } from "./harness.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

/** The methods of every request the handler saw since `from`, once nothing is in flight any more. */
async function requestsSince(server: TestServer, from: number): Promise<string[]> {
  // A refetch that a flow set off late (an invalidation, a remount) would start within a tick or two.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await waitFor(() => expect(server.queryClient.isFetching() + server.queryClient.isMutating()).toBe(0));
  return server.state.requests.slice(from).map((request) => request.method);
}

async function setup(keys = 3) {
  const server = startServer({ now: NOW });
  for (let i = 1; i <= keys; i++) await server.seed({ description: `Service ${i}` });
  const before = server.state.requests.length;
  const user = userEvent.setup({ delay: null });
  return { server, user, before };
}

describe("requests per flow", () => {
  describe("when a panel first loads", () => {
    it("makes one GET for the list, then one for every key's usage", async () => {
      const { server, before } = await setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByRole("rowheader", { name: "Service 1" });
      expect(await requestsSince(server, before)).toEqual(["GET", "GET"]);
      expect(server.state.requests.slice(before).map((r) => new URL(r.url).pathname)).toEqual([
        "/api/v1/user-api-keys",
        "/api/v1/user-api-keys/usage",
      ]);
    });
  });

  describe("when two panels show the same owner", () => {
    it("they share those GETs", async () => {
      const { server, before } = await setup();
      server.render(
        <>
          <UserApiKeysPanel now={new Date(NOW)} />
          <UserApiKeysPanel now={new Date(NOW)} />
        </>,
      );
      await waitFor(() => expect(screen.getAllByRole("rowheader", { name: "Service 1" })).toHaveLength(2));
      expect(await requestsSince(server, before)).toEqual(["GET", "GET"]);
    });
  });

  describe("given a loaded panel", () => {
    it("creating a key through the reveal makes one POST and at most one GET", async () => {
      const { server, user } = await setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByRole("rowheader", { name: "Service 1" });
      const loaded = await requestsSince(server, 0);

      await openCreate(user);
      await fillForm(user, { description: "Fresh key" });
      await submitAndReveal(user, server);
      await copyAndClose(user);
      await screen.findByRole("rowheader", { name: "Fresh key" });

      const methods = await requestsSince(server, loaded.length);
      expect(methods.filter((method) => method === "POST")).toHaveLength(1);
      expect(methods.filter((method) => method === "GET").length).toBeLessThanOrEqual(1);
      expect(methods.filter((method) => method !== "POST" && method !== "GET")).toEqual([]);
    });

    it("revoking a key makes one PATCH and no GET", async () => {
      const { server, user } = await setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByRole("rowheader", { name: "Service 2" });
      const loaded = await requestsSince(server, 0);

      await chooseRowAction(user, "Service 2", "Revoke");
      await user.click(screen.getByRole("button", { name: "Revoke key" }));
      const row = () => screen.getByRole("rowheader", { name: "Service 2" }).closest("tr")!;
      await waitFor(() => expect(row().getAttribute("data-state")).toBe("revoked"));
      await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
      expect(await requestsSince(server, loaded.length)).toEqual(["PATCH"]);
    });
    it("rolling a key through the reveal makes one POST and at most one GET", async () => {
      const { server, user } = await setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByRole("rowheader", { name: "Service 2" });
      const loaded = await requestsSince(server, 0);

      await chooseRowAction(user, "Service 2", "Roll");
      await user.click(screen.getByRole("button", { name: "Roll key" }));
      await screen.findByRole("dialog", { name: "Copy your new API key" });
      await copyAndClose(user);
      await waitFor(() => expect(screen.getAllByRole("rowheader", { name: "Service 2" })).toHaveLength(2));

      const methods = await requestsSince(server, loaded.length);
      expect(methods.filter((method) => method === "POST")).toHaveLength(1);
      expect(methods.filter((method) => method === "GET").length).toBeLessThanOrEqual(1);
      expect(methods.filter((method) => method !== "POST" && method !== "GET")).toEqual([]);
      expect(server.state.requests.filter((r) => r.method === "POST").at(-1)!.url).toMatch(/\/roll\b/);
    });

    it("opening a key's details makes no request", async () => {
      const { server, user } = await setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findAllByRole("img", { name: "No use in 14 days" }, { timeout: 5000 });
      const loaded = await requestsSince(server, 0);

      await chooseRowAction(user, "Service 2", "Details");
      await screen.findByRole("dialog", { name: "Details of “Service 2”" });
      await screen.findByRole("rowheader", { name: "Accepted" });
      expect(await requestsSince(server, loaded.length)).toEqual([]);
    });

    it("renaming a key makes one PATCH and no GET", async () => {
      const { server, user } = await setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByRole("rowheader", { name: "Service 2" });
      const loaded = await requestsSince(server, 0);

      await chooseRowAction(user, "Service 2", "Rename");
      await user.keyboard("{End} renamed{Enter}");
      await screen.findByText("API key renamed to “Service 2 renamed”.");
      expect(await requestsSince(server, loaded.length)).toEqual(["PATCH"]);
    });
  });
});
