import { useQueryClient } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { version } from "react";
import { version as domVersion } from "react-dom";
import { describe, expect, it } from "vitest";
import { ApiKeysProvider } from "../../../src/hooks/index.js";
import { startServer } from "../components/harness.js";

// The dom-react18 project reaches React 18 through an alias; a package still loading React 19 would put two
// Reacts on one page, which fails at the first hook it renders.
describe("the React these tests run on", () => {
  it("is the project's own, one copy for the library, Testing Library and TanStack Query", () => {
    expect(version.split(".")[0]).toBe(process.env.REACT_MAJOR);
    expect(domVersion).toBe(version);
    const h = startServer();
    function Probe() {
      return <p>{useQueryClient() === h.queryClient ? "one QueryClient" : "two"}</p>;
    }
    render(
      <ApiKeysProvider client={h.client} queryClient={h.queryClient}>
        <Probe />
      </ApiKeysProvider>,
    );
    expect(screen.getByText("one QueryClient")).toBeTruthy();
  });
});
