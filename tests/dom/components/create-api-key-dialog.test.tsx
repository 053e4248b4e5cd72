process.env.TZ = "America/New_York";

import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ApiKey } from "../../../src/client/index.js";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { copyAndClose, fillForm, openCreate, submitAndReveal } from "./create-steps.js";
import { cacheText, expectNoAxeViolations, startServer } from "./harness.js";

// Wednesday 28 Oct 2026, noon in New York (EDT, UTC-4): the clocks go back on Sunday 1 Nov.
const NOW = Date.UTC(2026, 9, 28, 16, 0, 0);

function setup(props: Partial<Parameters<typeof UserApiKeysPanel>[0]> = {}) {
  const server = startServer({ now: NOW });
  const user = userEvent.setup({ delay: null });
  const view = server.render(<UserApiKeysPanel now={new Date(NOW)} locale="en-GB" {...props} />);
  return { server, user, view };
}

describe("CreateApiKeyDialog (America/New_York)", () => {
  it("runs in New York time", () => {
    expect(new Date(NOW).getTimezoneOffset()).toBe(240);
    expect(new Date(Date.UTC(2026, 10, 2)).getTimezoneOffset()).toBe(300);
  });

  describe("when a key is created with each expiry preset", () => {
    it("sends the expiry the caption promised, counted in local calendar days", async () => {
      const { server, user } = setup();
      const cases: [string, number | null, string][] = [
        ["1 day", Date.UTC(2026, 9, 29, 16), "Expires on 29 Oct 2026"],
        // Across the change back to EST the local time stays noon, so the UTC hour moves.
        ["7 days", Date.UTC(2026, 10, 4, 17), "Expires on 4 Nov 2026"],
        ["30 days", Date.UTC(2026, 10, 27, 17), "Expires on 27 Nov 2026"],
        ["90 days", Date.UTC(2027, 0, 26, 17), "Expires on 26 Jan 2027"],
        ["1 year", Date.UTC(2027, 9, 28, 16), "Expires on 28 Oct 2027"],
        ["Never", null, "This key never expires."],
      ];
      for (const [preset, expected, caption] of cases) {
        await openCreate(user);
        await fillForm(user, { description: `Key for ${preset}`, expiry: preset });
        expect(screen.getByText(caption)).toBeTruthy();
        const { body } = await submitAndReveal(user, server);
        expect(body.expires_at_millis).toBe(expected);
        await copyAndClose(user);
      }
      const stored = await server.store.list("sample-project", "user", "user-alice");
      expect(stored.map((k) => k.expiresAtMillis).sort()).toEqual(
        cases.map(([, expected]) => expected).sort(),
      );
    }, 20_000);

    it("defaults to 30 days and a secret key", async () => {
      const { server, user } = setup();
      await openCreate(user);
      expect((screen.getByRole("combobox", { name: "Expires" }) as HTMLSelectElement).value).toBe("30d");
      expect(screen.getByText("Expires on 27 Nov 2026")).toBeTruthy();
      expect((screen.getByRole("radio", { name: "Secret" }) as HTMLInputElement).checked).toBe(true);
      await fillForm(user, { description: "Defaults" });
      const { body, value } = await submitAndReveal(user, server);
      expect(body).toMatchObject({ description: "Defaults", is_public: false });
      expect(value).toMatch(/^rak_sk_/);
    });
  });

  describe("when the expiry is a custom day", () => {
    it("expires at the end of that local day, on the day the clocks go back", async () => {
      const { server, user } = setup();
      await openCreate(user);
      await fillForm(user, { description: "Until Sunday", expiry: "Custom date", date: "2026-11-01" });
      expect(screen.getByText("Expires on 1 Nov 2026")).toBeTruthy();
      const { body } = await submitAndReveal(user, server);
      // 23:59:59.999 EST is 04:59:59.999 UTC the next morning; midnight + 24 h would be an hour short.
      expect(body.expires_at_millis).toBe(Date.UTC(2026, 10, 2, 4, 59, 59, 999));
    });

    it("expires at the end of that local day, on the day the clocks go forward", async () => {
      const { server, user } = setup();
      await openCreate(user);
      await fillForm(user, { description: "Until March", expiry: "Custom date", date: "2027-03-14" });
      const { body } = await submitAndReveal(user, server);
      expect(body.expires_at_millis).toBe(Date.UTC(2027, 2, 15, 3, 59, 59, 999));
    });

    it("accepts today, and refuses a past day or no day with a message", async () => {
      const { server, user } = setup();
      await openCreate(user);
      await fillForm(user, { description: "Past", expiry: "Custom date" });
      await user.click(screen.getByRole("button", { name: "Create key" }));
      expect(screen.getByText("Pick a date.")).toBeTruthy();
      expect(document.activeElement).toBe(screen.getByLabelText("Expiry date"));

      await user.type(screen.getByLabelText("Expiry date"), "2026-10-27");
      expect(screen.getByText("Pick today or a later day.")).toBeTruthy();
      expect(screen.getByLabelText("Expiry date").getAttribute("aria-invalid")).toBe("true");
      await user.click(screen.getByRole("button", { name: "Create key" }));
      expect(server.state.requests.filter((r) => r.method === "POST")).toHaveLength(0);
      await expectNoAxeViolations();

      await fillForm(user, { description: "", date: "2026-10-28" });
      expect(screen.getByText("Expires on 28 Oct 2026")).toBeTruthy();
      const { body } = await submitAndReveal(user, server);
      expect(body.expires_at_millis).toBe(Date.UTC(2026, 9, 29, 3, 59, 59, 999));
    });
  });

  describe("validation", () => {
    it("requires a description, trims it, and counts near the limit", async () => {
      const { server, user } = setup();
      await openCreate(user);
      const input = screen.getByRole("textbox", { name: "Description" });
      await user.click(screen.getByRole("button", { name: "Create key" }));
      expect(screen.getByText("Enter a description.")).toBeTruthy();
      expect(input.getAttribute("aria-invalid")).toBe("true");
      expect(document.activeElement).toBe(input);

      await user.type(input, "   ");
      await user.click(screen.getByRole("button", { name: "Create key" }));
      expect(screen.getByText("Enter a description.")).toBeTruthy();

      await user.clear(input);
      await user.type(input, "x".repeat(79));
      expect(screen.queryByText(/of 100 characters/)).toBeNull();
      await user.type(input, "x");
      expect(screen.getByText("80 of 100 characters")).toBeTruthy();
      await user.type(input, "x".repeat(21));
      expect(screen.getByText("101 of 100 characters")).toBeTruthy();
      expect(screen.getByText("Use at most 100 characters.")).toBeTruthy();
      await user.click(screen.getByRole("button", { name: "Create key" }));
      expect(server.state.requests.filter((r) => r.method === "POST")).toHaveLength(0);
      await expectNoAxeViolations();

      await user.clear(input);
      await user.type(input, "  Deploy bot  ");
      const { body } = await submitAndReveal(user, server);
      expect(body.description).toBe("Deploy bot");
    });
  });

  describe("public or secret", () => {
    it("warns that a public key may be seen by anyone, and creates a public key", async () => {
      const { server, user } = setup();
      await openCreate(user);
      expect(screen.queryByText(/Anyone may see a public key/)).toBeNull();
      await user.click(screen.getByRole("radio", { name: "Public" }));
      expect(screen.getByText(/Anyone may see a public key/)).toBeTruthy();
      await fillForm(user, { description: "Widget" });
      await expectNoAxeViolations();
      const { body, value } = await submitAndReveal(user, server);
      expect(body.is_public).toBe(true);
      expect(value).toMatch(/^rak_pk_/);
      await copyAndClose(user);
      const row = (await screen.findByRole("rowheader", { name: "Widget" })).closest("tr")!;
      expect(within(row).getByText("Public")).toBeTruthy();
      expect(row.textContent).toContain(`pk_••••${value.slice(-4)}`);
    });
  });

  describe("when the server refuses", () => {
    it("keeps everything typed and shows the server's reason; create then works", async () => {
      const { server, user } = setup();
      await screen.findByText(/No API keys yet/);
      await openCreate(user);
      await fillForm(user, { description: "Deploy bot", expiry: "90 days" });
      await user.click(screen.getByRole("radio", { name: "Public" }));
      server.state.token = "a-token-the-server-does-not-know";
      await user.click(screen.getByRole("button", { name: "Create key" }));

      const alert = await screen.findByRole("alert");
      expect(alert.textContent).toMatch(/^Couldn't create the key: .+/);
      expect((screen.getByRole("textbox", { name: "Description" }) as HTMLInputElement).value).toBe(
        "Deploy bot",
      );
      expect((screen.getByRole("combobox", { name: "Expires" }) as HTMLSelectElement).value).toBe("90d");
      expect((screen.getByRole("radio", { name: "Public" }) as HTMLInputElement).checked).toBe(true);
      await expectNoAxeViolations();

      server.state.token = "sample-token-alice";
      const { body } = await submitAndReveal(user, server);
      expect(body).toMatchObject({ description: "Deploy bot", is_public: true });
    });

    it("disables Create while the request is pending and will not close", async () => {
      const { server, user } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      await openCreate(user);
      await fillForm(user, { description: "Slow" });
      server.state.intercept = async (request) => {
        if (request.method === "POST") await gate;
        return undefined;
      };
      await user.click(screen.getByRole("button", { name: "Create key" }));
      const button = await screen.findByRole("button", { name: "Creating…" });
      expect(button.getAttribute("aria-disabled")).toBe("true");
      expect(button.hasAttribute("data-pending")).toBe(true);
      await user.click(button);
      await user.keyboard("{Escape}");
      expect(screen.getByRole("dialog", { name: "Create API key" })).toBeTruthy();
      expect(server.state.requests.filter((r) => r.method === "POST")).toHaveLength(1);
      act(() => release());
      expect(await screen.findByRole("dialog", { name: "Copy your new API key" })).toBeTruthy();
    });
  });

  describe("the one-time reveal", () => {
    it("focuses Copy, announces the creation, copies and announces it, then forgets the key", async () => {
      const onCreated = vi.fn<(key: ApiKey) => void>();
      const { server, user } = setup({ onCreated });
      await openCreate(user);
      await fillForm(user, { description: "Deploy bot" });
      const { value } = await submitAndReveal(user, server);

      expect(document.activeElement).toBe(screen.getByRole("button", { name: "Copy" }));
      expect(screen.getByText("API key “Deploy bot” created.").getAttribute("role")).toBe("status");
      expect(screen.getByText(/won't be shown again/)).toBeTruthy();
      const field = screen.getByRole("textbox", { name: "Your API key" });
      expect(field.hasAttribute("readonly")).toBe(true);
      await expectNoAxeViolations();

      await user.click(screen.getByRole("button", { name: "Copy" }));
      expect(screen.getByText("Copied").getAttribute("role")).toBe("status");
      expect(await navigator.clipboard.readText()).toBe(value);

      expect(onCreated).toHaveBeenCalledTimes(1);
      const created = onCreated.mock.calls[0]![0];
      expect(created.value.lastFour).toBe(value.slice(-4));
      expect(JSON.stringify(created)).not.toContain(value);

      await user.click(screen.getByRole("button", { name: "Done" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      expect(document.activeElement).toBe(screen.getByRole("button", { name: "Create API key" }));
      expect(await screen.findByRole("rowheader", { name: "Deploy bot" })).toBeTruthy();
      expect(document.body.innerHTML).not.toContain(value);
      await waitFor(() => expect(cacheText(server.queryClient)).not.toContain(value));
      expect(cacheText(server.queryClient)).toContain(value.slice(-4));
    });

    it("falls back to selecting the key when the clipboard is unavailable", async () => {
      const { server, user } = setup();
      await openCreate(user);
      await fillForm(user, { description: "No clipboard" });
      const { value } = await submitAndReveal(user, server);
      vi.spyOn(navigator.clipboard, "writeText").mockRejectedValueOnce(new Error("denied"));
      await user.click(screen.getByRole("button", { name: "Copy" }));
      const field = screen.getByRole("textbox", { name: "Your API key" }) as HTMLInputElement;
      expect(await screen.findByText(/Couldn't copy/)).toBeTruthy();
      expect(document.activeElement).toBe(field);
      expect([field.selectionStart, field.selectionEnd]).toEqual([0, value.length]);

      // Not copied yet, so leaving still asks; the person's own copy counts.
      await user.click(screen.getByRole("button", { name: "Done" }));
      expect(screen.getByRole("alertdialog", { name: "Close without copying?" })).toBeTruthy();
      await user.click(screen.getByRole("button", { name: "Go back" }));
      fireEvent.copy(field);
      await user.click(screen.getByRole("button", { name: "Done" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    });

    describe("before the key was copied, every way out asks first", () => {
      const exits: [string, () => Promise<void>][] = [
        ["Done", async () => void (await userEvent.click(screen.getByRole("button", { name: "Done" })))],
        ["Escape", async () => void (await userEvent.keyboard("{Escape}"))],
        [
          "the close button",
          async () => void (await userEvent.click(screen.getByRole("button", { name: "Close" }))),
        ],
        [
          "the overlay",
          async () => {
            const overlays = document.querySelectorAll<HTMLElement>('[data-slot="dialog-overlay"]');
            await userEvent.click(overlays[overlays.length - 1]!);
          },
        ],
      ];
      for (const [name, leave] of exits) {
        it(`asks on ${name}; Go back keeps the key, then closing without copying drops it`, async () => {
          const { server, user } = setup();
          await openCreate(user);
          await fillForm(user, { description: `Exit by ${name}` });
          const { value } = await submitAndReveal(user, server);

          await leave();
          const guard = await screen.findByRole("alertdialog", { name: "Close without copying?" });
          expect(guard.textContent).toContain("You won't see this key again.");
          expect(document.activeElement).toBe(within(guard).getByRole("button", { name: "Go back" }));
          await expectNoAxeViolations();

          await user.click(within(guard).getByRole("button", { name: "Go back" }));
          await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
          expect(screen.getByRole("textbox", { name: "Your API key" })).toBeTruthy();

          await leave();
          await user.click(await screen.findByRole("button", { name: "Close without copying" }));
          await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
          await waitFor(() =>
            expect(document.activeElement).toBe(screen.getByRole("button", { name: "Create API key" })),
          );
          expect(document.body.innerHTML).not.toContain(value);
          await waitFor(() => expect(cacheText(server.queryClient)).not.toContain(value));
        });
      }
    });

    it("after copying, Escape closes at once", async () => {
      const { server, user } = setup();
      await openCreate(user);
      await fillForm(user, { description: "Copied first" });
      await submitAndReveal(user, server);
      await user.click(screen.getByRole("button", { name: "Copy" }));
      await user.keyboard("{Escape}");
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      expect(screen.queryByRole("alertdialog")).toBeNull();
    });
  });
});
