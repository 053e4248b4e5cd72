import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { TeamApiKeysPanel, UserApiKeysPanel } from "../../../src/components/index.js";
import { sampleProject } from "../../../src/server/sample.js";
import { expectNoAxeViolations, networkDown, sampleTeams, startServer } from "./harness.js";
import type { TestServer } from "./harness.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

/** Four keys, one of each kind of row, created at known times before NOW. */
async function seedFour(server: TestServer) {
  server.state.clock = NOW - 10 * DAY;
  await server.seed({ description: "Old script", expiresAt: new Date(NOW - 3 * DAY) });
  server.state.clock = NOW - 9 * DAY;
  const deploy = await server.seed({ description: "Deploy bot" });
  server.state.clock = NOW - 5 * DAY;
  const revoked = await server.seed({ description: "Retired job" });
  await revoked.revoke();
  server.state.clock = NOW - 2 * HOUR;
  const widget = await server.seed({
    description: "Checkout widget",
    isPublic: true,
    expiresAt: new Date(NOW + 29 * DAY),
  });
  server.state.clock = NOW;
  // A successful check through the server's own endpoint is what sets "last used".
  await checkKey(server, deploy.value);
  return { deploy, widget };
}

async function checkKey(server: TestServer, apiKey: string) {
  const { createApiKeysHandler } = await import("../../../src/server/handler.js");
  const { sampleHandlerOptions } = await import("../../../src/server/sample.js");
  const handler = createApiKeysHandler(sampleHandlerOptions(server.store, { now: () => server.state.clock }));
  const answer = await handler(
    new Request("http://test/api/v1/user-api-keys/check", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-stack-project-id": sampleProject.projectId,
        "x-stack-access-type": "server",
        "x-stack-secret-server-key": sampleProject.secretServerKey,
      },
      body: JSON.stringify({ api_key: apiKey }),
    }),
  );
  expect(answer.status).toBe(200);
}

const rowNames = () =>
  screen
    .getAllByRole("row")
    .slice(1)
    .map((row) => within(row).getByRole("rowheader").textContent);

describe("ApiKeysPanel list", () => {
  describe("given keys of every status", () => {
    it("shows active keys first, newest first, each with its kind, status, dates and last use", async () => {
      const server = startServer();
      await seedFour(server);
      server.render(<UserApiKeysPanel now={new Date(NOW)} locale="en-GB" />);

      expect(await screen.findByRole("rowheader", { name: "Deploy bot" })).toBeTruthy();
      expect(rowNames()).toEqual(["Checkout widget", "Deploy bot", "Retired job", "Old script"]);

      const widget = screen.getByRole("rowheader", { name: "Checkout widget" }).closest("tr")!;
      expect(widget.getAttribute("data-state")).toBe("active");
      expect(widget.textContent).toContain("pk_••••");
      expect(within(widget).getByText("Public")).toBeTruthy();
      expect(within(widget).getByText("in 29 days")).toBeTruthy();
      expect(within(widget).getByText("2 hours ago").getAttribute("title")).toMatch(/26 Nov 2026/);

      const deploy = screen.getByRole("rowheader", { name: "Deploy bot" }).closest("tr")!;
      expect(deploy.textContent).toContain("sk_••••");
      expect(within(deploy).getByText("Secret")).toBeTruthy();
      // Never expires, and last used at NOW by the check above.
      expect(within(deploy).getByText("Never")).toBeTruthy();
      expect(within(deploy).getByText("now")).toBeTruthy();
      expect(within(deploy).getByRole("button", { name: "Actions for Deploy bot" })).toBeTruthy();

      const old = screen.getByRole("rowheader", { name: "Old script" }).closest("tr")!;
      expect(old.getAttribute("data-state")).toBe("expired");
      expect(within(old).getByText("Expired")).toBeTruthy();
      expect(within(old).getByText("expired 3 days ago")).toBeTruthy();
      expect(
        within(old)
          .getAllByRole("button")
          .map((b) => b.getAttribute("aria-label")),
      ).toEqual(["Actions for Old script"]);

      const retired = screen.getByRole("rowheader", { name: "Retired job" }).closest("tr")!;
      expect(retired.getAttribute("data-state")).toBe("revoked");
      expect(
        within(retired)
          .getAllByRole("button")
          .map((b) => b.getAttribute("aria-label")),
      ).toEqual(["Actions for Retired job"]);

      await expectNoAxeViolations();
    });

    it("filters by status with counts, and searches description and last four", async () => {
      const server = startServer();
      const { widget } = await seedFour(server);
      const user = userEvent.setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByRole("rowheader", { name: "Deploy bot" });

      expect(screen.getByRole("tab", { name: "All 4" }).getAttribute("aria-selected")).toBe("true");
      expect(screen.getByRole("tab", { name: "Active 2" })).toBeTruthy();
      expect(screen.getByRole("tab", { name: "Expired 1" })).toBeTruthy();
      await user.click(screen.getByRole("tab", { name: "Revoked 1" }));
      expect(rowNames()).toEqual(["Retired job"]);
      await user.click(screen.getByRole("tab", { name: "Active 2" }));
      expect(rowNames()).toEqual(["Checkout widget", "Deploy bot"]);

      await user.type(screen.getByRole("searchbox", { name: "Search keys" }), "deploy");
      await waitFor(() => expect(rowNames()).toEqual(["Deploy bot"]));
      expect(screen.getByRole("tab", { name: "All 1" })).toBeTruthy();

      await user.clear(screen.getByRole("searchbox", { name: "Search keys" }));
      await user.type(screen.getByRole("searchbox", { name: "Search keys" }), widget.value.slice(-4));
      await waitFor(() => expect(rowNames()).toEqual(["Checkout widget"]));

      await user.type(screen.getByRole("searchbox", { name: "Search keys" }), "zzz");
      expect(await screen.findByText("No keys match.")).toBeTruthy();
      await expectNoAxeViolations();
    });
  });

  describe("given a thousand keys", () => {
    it("renders one page at a time and filters over all of them", async () => {
      const server = startServer();
      for (let i = 0; i < 1000; i++) {
        await server.store.insert({
          id: `key-${i}`,
          projectId: sampleProject.projectId,
          type: "user",
          ownerId: "user-alice",
          description: `Key number ${i}`,
          isPublic: false,
          hash: `hash-${i}`,
          lastFour: String(i).padStart(4, "0"),
          createdAtMillis: NOW - i * HOUR,
          expiresAtMillis: null,
          revokedAtMillis: i % 10 === 0 ? NOW - i * HOUR + 1 : null,
          lastUsedAtMillis: null,
        });
      }
      const user = userEvent.setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} pageSize={25} />);
      await screen.findByRole("rowheader", { name: "Key number 1" });

      expect(screen.getAllByRole("row")).toHaveLength(26);
      expect(screen.getByText("Page 1 of 40")).toBeTruthy();
      expect(screen.getByRole("tab", { name: "Revoked 100" })).toBeTruthy();
      await user.click(screen.getByRole("button", { name: "Next page" }));
      expect(screen.getByText("Page 2 of 40")).toBeTruthy();
      expect(rowNames()[0]).toBe("Key number 28");

      await user.type(screen.getByRole("searchbox", { name: "Search keys" }), "0999");
      await waitFor(() => expect(rowNames()).toEqual(["Key number 999"]));
      expect(screen.queryByRole("navigation", { name: "Pages" })).toBeNull();
    });
  });

  describe("while loading", () => {
    it("shows skeleton rows in a busy table, then the empty state with the create button", async () => {
      const server = startServer();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.state.intercept = async () => {
        await gate;
        return undefined;
      };
      server.render(<UserApiKeysPanel />);
      const table = screen.getByRole("table", { name: "API keys" });
      expect(table.getAttribute("aria-busy")).toBe("true");
      expect(table.querySelectorAll('[data-slot="skeleton-row"]')).toHaveLength(3);
      expect(screen.getByText("Loading API keys…").getAttribute("role")).toBe("status");
      await expectNoAxeViolations();

      act(() => release());
      expect(await screen.findByText(/No API keys yet/)).toBeTruthy();
      expect(screen.getByRole("button", { name: "Create API key" })).toBeTruthy();
      expect(screen.getByRole("table").getAttribute("aria-busy")).toBeNull();
      await expectNoAxeViolations();
    });
  });

  describe("when the connection drops", () => {
    it("says what failed and Retry loads the list", async () => {
      const server = startServer();
      await server.seed({ description: "Deploy bot" });
      server.state.intercept = networkDown;
      const user = userEvent.setup();
      server.render(<UserApiKeysPanel />);

      const alert = await screen.findByRole("alert");
      expect(alert.textContent).toContain("Couldn't load the API keys.");
      expect(alert.textContent).toContain("Could not reach the API-keys server");
      await expectNoAxeViolations();

      server.state.intercept = undefined;
      await user.click(within(alert).getByRole("button", { name: "Retry" }));
      expect(await screen.findByRole("rowheader", { name: "Deploy bot" })).toBeTruthy();
      expect(screen.queryByRole("alert")).toBeNull();
    });

    it("shows a server error (500) the same way", async () => {
      const server = startServer();
      server.state.intercept = () =>
        new Response(JSON.stringify({ code: "INTERNAL_ERROR", error: "Something broke on our side." }), {
          status: 500,
          headers: { "content-type": "application/json" },
        });
      server.render(<UserApiKeysPanel />);
      expect((await screen.findByRole("alert")).textContent).toContain("Something broke on our side.");
    });
  });

  describe("when the viewer may not manage the keys", () => {
    it("tells a team member without the permission so, instead of an empty list", async () => {
      const server = startServer({ user: "bob" });
      server.render(<TeamApiKeysPanel teamId={sampleTeams.acme} />);
      expect(
        await screen.findByText("You don't have permission to manage this team's API keys."),
      ).toBeTruthy();
      expect(screen.queryByRole("table")).toBeNull();
      expect(screen.queryByRole("button", { name: "Create API key" })).toBeNull();
      await expectNoAxeViolations();
    });

    it("shows a team's keys to a member who holds the permission", async () => {
      const server = startServer({ user: "carol" });
      await server.client
        .team(sampleTeams.acme)
        .createApiKey({ description: "Acme deploys", expiresAt: null });
      server.render(<TeamApiKeysPanel teamId={sampleTeams.acme} />);
      expect(await screen.findByRole("rowheader", { name: "Acme deploys" })).toBeTruthy();
    });

    it("says user keys are not enabled when the project switched them off", async () => {
      const server = startServer({ handler: { userApiKeys: false } });
      server.render(<UserApiKeysPanel />);
      expect(await screen.findByText("API keys are not enabled for this project.")).toBeTruthy();
      expect(screen.queryByRole("table")).toBeNull();
      await expectNoAxeViolations();
    });
  });

  describe("props", () => {
    it("takes a title, a description, messages and className; unstyled drops the style hook", async () => {
      const server = startServer();
      const { container } = server.render(
        <UserApiKeysPanel
          title="Tokens"
          description="For your scripts."
          messages={{ createButton: "New token" }}
          className="mine"
          unstyled
        />,
      );
      const panel = screen.getByRole("region", { name: "Tokens" });
      expect(panel.className).toBe("mine");
      expect(panel.hasAttribute("data-rak")).toBe(false);
      expect(screen.getByText("For your scripts.")).toBeTruthy();
      expect(screen.getByRole("button", { name: "New token" })).toBeTruthy();
      expect(container.querySelector("[data-rak]")).toBeNull();
      await screen.findByText(/No API keys yet/);
    });
  });
});
