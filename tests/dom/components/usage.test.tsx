// The usage extension in the panel: a 14-day chart per row and a key's details, over counts made by real checks.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { flushApiKeyUsage } from "../../../src/server/index.js";
import { sampleProject } from "../../../src/server/sample.js";
import { chooseRowAction, expectNoAxeViolations, startServer } from "./harness.js";
import type { TestServer } from "./harness.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
// The charts come a request after the rows; on a loaded machine that can take longer than findBy's default second.
const SLOW = { timeout: 5000 };
const SCOPES = [
  { id: "notes:read", label: "Read notes" },
  { id: "notes:write", label: "Write notes" },
];

// Checks go to the handler as a backend's would (the server client refuses to run where a window exists).
async function check(server: TestServer, apiKey: string, requiredScopes?: string[]) {
  const response = await server.handler(
    new Request("http://test/api/v1/user-api-keys/check", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-stack-access-type": "server",
        "x-stack-project-id": sampleProject.projectId,
        "x-stack-secret-server-key": sampleProject.secretServerKey,
      },
      body: JSON.stringify({ api_key: apiKey, required_scopes: requiredScopes }),
    }),
  );
  return response.status;
}

const row = (description: string) => screen.getByRole("rowheader", { name: description }).closest("tr")!;
const usageRequests = (server: TestServer) =>
  server.state.requests.filter((r) => new URL(r.url).pathname.endsWith("/usage"));

/** Three keys with a history: "Deploy bot" used 3 times today and twice 20 days ago, "Old job" refused. */
async function seedHistory(server: TestServer) {
  const deploy = await server.seed({ description: "Deploy bot", scopes: ["notes:read"] });
  const old = await server.seed({ description: "Old job" });
  await server.seed({ description: "Idle key" });
  server.state.clock = NOW - 20 * DAY;
  for (let i = 0; i < 2; i++) expect(await check(server, deploy.value)).toBe(200);
  server.state.clock = NOW;
  for (let i = 0; i < 3; i++) expect(await check(server, deploy.value)).toBe(200);
  expect(await check(server, deploy.value, ["notes:write"])).toBe(403);
  expect(await check(server, old.value)).toBe(200);
  await server.client.me.getApiKey(old.id).then((key) => key.revoke());
  for (let i = 0; i < 4; i++) expect(await check(server, old.value)).not.toBe(200);
  await flushApiKeyUsage(server.handler);
}

describe("usage in the panel", () => {
  describe("given keys checked through the server", () => {
    it("each row's chart says the last 14 days' totals, as counted", async () => {
      const server = startServer({ now: NOW, handler: { scopes: SCOPES } });
      await seedHistory(server);
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);

      await screen.findByRole("img", { name: "4 uses in 14 days, 1 refused" }, SLOW);
      expect(
        within(row("Deploy bot")).getByRole("img", { name: "4 uses in 14 days, 1 refused" }),
      ).toBeTruthy();
      expect(within(row("Old job")).getByRole("img", { name: "5 uses in 14 days, 4 refused" })).toBeTruthy();
      expect(within(row("Idle key")).getByRole("img", { name: "No use in 14 days" })).toBeTruthy();
      expect(screen.getByRole("columnheader", { name: "Last 14 days" })).toBeTruthy();
      // One request answers every key, for the 30 days the details need too.
      expect(usageRequests(server).map((r) => new URL(r.url).search)).toEqual(["?user_id=me&days=30"]);
      await expectNoAxeViolations();
    });
  });

  describe("while usage is on its way", () => {
    it("paints the rows first with a quiet placeholder, then fills the charts in", async () => {
      const server = startServer({ now: NOW });
      const key = await server.seed({ description: "Deploy bot" });
      await check(server, key.value);
      await flushApiKeyUsage(server.handler);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.state.intercept = async (request) => {
        if (new URL(request.url).pathname.endsWith("/usage")) await gate;
        return undefined;
      };
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);

      await screen.findByRole("rowheader", { name: "Deploy bot" });
      expect(within(row("Deploy bot")).getByRole("img", { name: "Loading usage…" })).toBeTruthy();
      await expectNoAxeViolations();
      act(() => release());
      expect(
        await within(row("Deploy bot")).findByRole("img", { name: "1 use in 14 days" }, SLOW),
      ).toBeTruthy();
    });
  });

  describe("when the usage request fails", () => {
    it("says usage is not available and every row still works", async () => {
      const server = startServer({ now: NOW });
      await server.seed({ description: "Deploy bot" });
      server.state.intercept = (request) =>
        new URL(request.url).pathname.endsWith("/usage") ? new Response("down", { status: 500 }) : undefined;
      const user = userEvent.setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);

      expect(await screen.findByRole("img", { name: "Usage not available" }, SLOW)).toBeTruthy();
      expect(screen.queryByRole("alert")).toBeNull();
      await expectNoAxeViolations();

      await chooseRowAction(user, "Deploy bot", "Rename");
      await user.clear(screen.getByRole("textbox", { name: "New description for Deploy bot" }));
      await user.keyboard("Release bot{Enter}");
      await screen.findByText("API key renamed to “Release bot”.");

      await chooseRowAction(user, "Release bot", "Details");
      const dialog = await screen.findByRole("dialog", { name: "Details of “Release bot”" });
      expect(within(dialog).getByRole("img", { name: "Usage not available" })).toBeTruthy();
      expect(within(dialog).getByText("Created")).toBeTruthy();
    });
  });

  describe("when the user opens a key's details", () => {
    it("shows 30 days by outcome, the last use, created and expires, and returns focus", async () => {
      const server = startServer({ now: NOW, handler: { scopes: SCOPES } });
      await seedHistory(server);
      const user = userEvent.setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await within(await screen.findByRole("row", { name: /Deploy bot/ })).findByRole(
        "img",
        { name: /uses in 14 days/ },
        SLOW,
      );
      const opener = within(row("Deploy bot")).getByRole("button", { name: "Actions for Deploy bot" });

      await chooseRowAction(user, "Deploy bot", "Details");
      const dialog = await screen.findByRole("dialog", { name: "Details of “Deploy bot”" });
      expect(within(dialog).getByRole("img", { name: "6 uses in 30 days, 1 refused" })).toBeTruthy();
      const counts = within(dialog)
        .getAllByRole("row")
        .slice(1)
        .map((tr) => [...tr.children].map((cell) => cell.textContent));
      expect(counts).toEqual([
        ["Accepted", "5"],
        ["Revoked", "0"],
        ["Expired", "0"],
        ["Missing scope", "1"],
        ["Rate limited", "0"],
      ]);
      const terms = Object.fromEntries(
        within(dialog)
          .getAllByRole("term")
          .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
      );
      expect(terms).toMatchObject({ Status: "Active", Expires: "Never" });
      expect(terms["Last used"]).toMatch(/2026.*\(now\)/);
      expect(terms["Created"]).toMatch(/Nov 26, 2026/);
      await expectNoAxeViolations();

      await user.keyboard("{Escape}");
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      await waitFor(() => expect(document.activeElement).toBe(opener));
    });

    it("a revoked key keeps Details in its menu, and nothing else", async () => {
      const server = startServer({ now: NOW, handler: { scopes: SCOPES } });
      await seedHistory(server);
      const user = userEvent.setup();
      server.render(<UserApiKeysPanel now={new Date(NOW)} />);
      await screen.findByRole("img", { name: "5 uses in 14 days, 4 refused" }, SLOW);

      await user.click(within(row("Old job")).getByRole("button", { name: "Actions for Old job" }));
      expect(screen.getAllByRole("menuitem").map((item) => item.textContent)).toEqual(["Details"]);
      await user.click(screen.getByRole("menuitem", { name: "Details" }));
      const dialog = await screen.findByRole("dialog", { name: "Details of “Old job”" });
      expect(within(dialog).getByRole("rowheader", { name: "Revoked" }).nextSibling?.textContent).toBe("4");
      expect(within(dialog).getByText("Revoked", { selector: "dd" })).toBeTruthy();
      await expectNoAxeViolations();
    });
  });
});
