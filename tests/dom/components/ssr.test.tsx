// @vitest-environment node
import { QueryClient } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createApiKeysClient } from "../../../src/client/index.js";
import { TeamApiKeysPanel, UserApiKeysPanel } from "../../../src/components/index.js";
import { ApiKeysProvider } from "../../../src/hooks/index.js";

describe("server rendering", () => {
  it.each([
    ["UserApiKeysPanel", <UserApiKeysPanel key="user" />],
    ["TeamApiKeysPanel", <TeamApiKeysPanel key="team" teamId="team-acme" />],
  ])("renders %s to a string with no window", (_, panel) => {
    expect(typeof window).toBe("undefined");
    expect(typeof document).toBe("undefined");
    const client = createApiKeysClient({
      baseUrl: "http://test",
      projectId: "p",
      publishableClientKey: "k",
      getAccessToken: () => null,
      fetch: () => Promise.reject(new Error("no requests while rendering on the server")),
    });
    const html = renderToString(
      <ApiKeysProvider client={client} queryClient={new QueryClient()}>
        {panel}
      </ApiKeysProvider>,
    );
    expect(html).toContain('data-slot="api-keys-panel"');
    expect(html).toContain("Create API key");
    expect(html).toContain('aria-busy="true"');
  });
});
