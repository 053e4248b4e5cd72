process.env.TZ = "Europe/Berlin";

import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { UserApiKeysPanel } from "../../../src/components/index.js";
import { fillForm, openCreate, submitAndReveal } from "./create-steps.js";
import { startServer } from "./harness.js";

// Tuesday 20 Oct 2026, 09:00 in Berlin (CEST, UTC+2): the clocks go back on Sunday 25 Oct.
const NOW = Date.UTC(2026, 9, 20, 7, 0, 0);

async function createUntil(day: string) {
  const server = startServer({ now: NOW });
  const user = userEvent.setup({ delay: null });
  server.render(<UserApiKeysPanel now={new Date(NOW)} locale="de-DE" />);
  await openCreate(user);
  await fillForm(user, { description: `Until ${day}`, expiry: "Custom date", date: day });
  return (await submitAndReveal(user, server)).body.expires_at_millis;
}

describe("ExpiryPicker custom day (Europe/Berlin)", () => {
  it("runs in Berlin time", () => {
    expect(new Date(NOW).getTimezoneOffset()).toBe(-120);
  });

  it("ends the day the clocks go back at 23:59:59.999 CET", async () => {
    expect(await createUntil("2026-10-25")).toBe(Date.UTC(2026, 9, 25, 22, 59, 59, 999));
  });

  it("ends the day the clocks go forward at 23:59:59.999 CEST", async () => {
    expect(await createUntil("2027-03-28")).toBe(Date.UTC(2027, 2, 28, 21, 59, 59, 999));
  });

  it("words the caption in the panel's locale", async () => {
    const server = startServer({ now: NOW });
    const user = userEvent.setup({ delay: null });
    server.render(<UserApiKeysPanel now={new Date(NOW)} locale="de-DE" />);
    await openCreate(user);
    await fillForm(user, { description: "x", expiry: "Custom date", date: "2026-10-25" });
    expect(screen.getByText("Expires on 25. Okt. 2026")).toBeTruthy();
  });
});
