import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalScanner, type LocalScanner } from "../../../demo/server/github-scanner.js";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { hashApiKey } from "../../../src/server/key-format.js";
import { sampleProject } from "../../../src/server/sample.js";
import { chooseRowAction, expectNoAxeViolations, startServer } from "./harness.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const FOUND_AT = "https://github.com/octocat/Hello-World/blob/1234567/config.js";
const row = (name: string) => screen.getByRole("rowheader", { name }).closest("tr")!;

describe("given keys reported found in public (secret scanning)", () => {
  let scanner: LocalScanner;
  beforeAll(async () => {
    scanner = await startLocalScanner();
  });
  afterAll(() => scanner.close());

  async function setup() {
    const server = startServer({ now: NOW, handler: { secretScanning: { publicKeysUrl: scanner.url } } });
    const leaked = await server.seed({ description: "Leaked bot" });
    const flagged = await server.seed({ description: "Flagged bot" });
    const odd = await server.seed({ description: "Odd place" });
    // The leaked key through the endpoint, as GitHub would report it.
    const body = JSON.stringify([{ token: leaked.value, type: "rak_secret_api_key", url: FOUND_AT }]);
    const answer = await server.handler(
      new Request("http://test/api/v1/secret-scanning", {
        method: "POST",
        headers: await scanner.sign(body),
        body,
      }),
    );
    expect(answer.status).toBe(200);
    // The others as a handler with `action: "flag"` records them: reported, still working.
    for (const [key, url] of [
      [flagged, "https://gist.github.com/someone/abc"],
      [odd, "javascript:alert(1)"],
    ] as const) {
      const hash = await hashApiKey(key.value);
      await server.store.reportLeak!(sampleProject.projectId, hash, { url, atMillis: NOW, revoke: false });
    }
    const user = userEvent.setup({ delay: null });
    server.render(<UserApiKeysPanel now={new Date(NOW)} />);
    await screen.findByRole("rowheader", { name: "Leaked bot" });
    return { server, user };
  }

  describe("when the panel lists them", () => {
    it("says a revoked one was found public, links where, and offers to create a new key", async () => {
      const { user } = await setup();
      const leaked = within(row("Leaked bot"));
      expect(leaked.getByText("Revoked", { selector: '[data-slot="status"]' })).toBeTruthy();
      const notice = row("Leaked bot").querySelector('[data-slot="leak-notice"]')!;
      expect(notice.textContent).toBe(`Revoked: found public at ${FOUND_AT} Create a new key`);
      const link = leaked.getByRole("link", { name: FOUND_AT });
      expect(link.getAttribute("href")).toBe(FOUND_AT);
      expect(link.getAttribute("target")).toBe("_blank");
      expect(link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
      // A revoked key cannot be rolled: the next step is a new key.
      expect(leaked.queryByRole("button", { name: "Roll" })).toBeNull();
      await expectNoAxeViolations();
      await user.click(leaked.getByRole("button", { name: "Create a new key" }));
      expect(await screen.findByRole("dialog", { name: "Create API key" })).toBeTruthy();
    });

    it("says a working one was found public and offers to roll it", async () => {
      const { user } = await setup();
      const flagged = within(row("Flagged bot"));
      expect(flagged.getByText("Active", { selector: '[data-slot="status"]' })).toBeTruthy();
      expect(row("Flagged bot").querySelector('[data-slot="leak-notice"]')!.textContent).toBe(
        "Found public at https://gist.github.com/someone/abc Roll",
      );
      await user.click(flagged.getByRole("button", { name: "Roll" }));
      expect(await screen.findByRole("dialog", { name: "Roll API key" })).toBeTruthy();
    });

    it("shows an address that is not http(s) as text, never as a link", async () => {
      await setup();
      const odd = row("Odd place");
      expect(odd.querySelector('[data-slot="leak-notice"]')!.textContent).toContain(
        "Found public at javascript:alert(1)",
      );
      expect(within(odd).queryByRole("link")).toBeNull();
    });

    it("says so in a key's details too, with the link and no next step", async () => {
      const { user } = await setup();
      await chooseRowAction(user, "Leaked bot", "Details");
      const dialog = await screen.findByRole("dialog", { name: /Leaked bot/ });
      const status = within(dialog).getByText("Status").nextElementSibling!;
      expect(status.textContent).toBe(`Revoked: found public at ${FOUND_AT} `);
      expect(within(dialog).getByRole("link", { name: FOUND_AT }).getAttribute("href")).toBe(FOUND_AT);
      expect(within(dialog).queryByRole("button", { name: /Create a new key|Roll/ })).toBeNull();
      await user.keyboard("{Escape}");
      await chooseRowAction(user, "Flagged bot", "Details");
      const flagged = await screen.findByRole("dialog", { name: /Flagged bot/ });
      expect(within(flagged).getByText("Status").nextElementSibling!.textContent).toBe(
        "Active Found public at https://gist.github.com/someone/abc ",
      );
      await expectNoAxeViolations();
    });

    it("leaves keys never reported as they were", async () => {
      const { server } = await setup();
      await server.seed({ description: "Quiet bot" });
      await server.queryClient.invalidateQueries();
      const quiet = await screen.findByRole("rowheader", { name: "Quiet bot" });
      expect(quiet.closest("tr")!.querySelector('[data-slot="leak-notice"]')).toBeNull();
    });
  });
});
