import type { Meta, StoryObj } from "@storybook/react-vite";
import type { ReactNode } from "react";
import { expect, within } from "storybook/test";
import {
  ExpiryPicker,
  SecretReveal,
  TeamApiKeysPanel,
  UserApiKeysPanel,
  VisibilityChoice,
} from "../src/components/index.js";
import { ApiKeysProvider } from "../src/hooks/index.js";
import { STORY_NOW, STORY_TEAM_ID, createStoryBackend } from "./support/backend.js";
import type { BackendParameters, StoryBackend } from "./support/backend.js";
import { germanMessages } from "./support/messages-de.js";

const PANELS = {
  "Some keys": { seed: "some" },
  Empty: { seed: "none" },
  Loading: { network: "never" },
  Error: { network: "offline" },
  "Revoked and expired": { seed: "mixed" },
  "1,000 keys": { seed: "many" },
  "Team, not allowed": { keysOf: "team", signedInAs: "bob" },
  "User keys switched off": { userApiKeys: false },
  Dark: { seed: "mixed" },
  Usage: { seed: "usage" },
  "Usage loading": { seed: "usage", usage: "pending" },
  German: { seed: "mixed" },
} satisfies Record<string, BackendParameters>;

type PanelState = keyof typeof PANELS;
type Backends = Record<PanelState, StoryBackend>;

function State({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div style={{ display: "grid", gap: 8, alignContent: "start" }}>
      <p style={{ margin: 0, font: "600 13px/1.4 system-ui", color: "#374151" }}>{name}</p>
      {children}
    </div>
  );
}

function Panel({ state, backend }: { state: PanelState; backend: StoryBackend }) {
  const common = { now: STORY_NOW, locale: "en-GB", title: `API keys: ${state}` };
  const panel =
    state === "Team, not allowed" ? (
      <TeamApiKeysPanel teamId={STORY_TEAM_ID} {...common} />
    ) : state === "Dark" ? (
      <UserApiKeysPanel {...common} {...{ "data-theme": "dark" }} />
    ) : state === "German" ? (
      <UserApiKeysPanel {...common} title="API-Schlüssel" messages={germanMessages} locale="de-DE" />
    ) : (
      <UserApiKeysPanel {...common} />
    );
  return (
    <State name={state}>
      <ApiKeysProvider client={backend.client} queryClient={backend.queryClient}>
        {panel}
      </ApiKeysProvider>
    </State>
  );
}

/**
 * Every state at once, each panel on its own in-page server. The dialogs are modal, so their steps
 * (create, custom expiry, public key, reveal, revoke) are shown in their own stories; their parts are here.
 */
function AllStates({ backends }: { backends: Backends }) {
  return (
    <div style={{ display: "grid", gap: 24, gridTemplateColumns: "repeat(auto-fill, minmax(560px, 1fr))" }}>
      {(Object.keys(PANELS) as PanelState[]).map((state) => (
        <Panel key={state} state={state} backend={backends[state]} />
      ))}
      <State name="Parts: custom expiry, public key, reveal">
        <div data-rak="" data-theme="light" style={{ display: "grid", gap: 16, padding: 16 }}>
          <ExpiryPicker
            now={STORY_NOW}
            locale="en-GB"
            defaultValue={{ preset: "custom", date: "2027-02-28" }}
          />
          <VisibilityChoice defaultValue="public" />
          <SecretReveal value="rak_sk_7Qm2ZpX9cLw4Rt8Vn3Bk6Hy1Jd5Fg0Ts2Pa9Ue4M0oCqe" onDone={() => {}} />
        </div>
      </State>
    </div>
  );
}

const meta = {
  title: "All states",
  component: AllStates,
  parameters: { layout: "fullscreen", backend: { seed: "none" } },
  loaders: [
    async () => ({
      backends: Object.fromEntries(
        await Promise.all(
          Object.entries(PANELS).map(async ([state, parameters]) => [
            state,
            await createStoryBackend(parameters),
          ]),
        ),
      ) as Backends,
    }),
  ],
  render: (_args, { loaded }) => (
    <div style={{ padding: 24 }}>
      <AllStates backends={loaded.backends as Backends} />
    </div>
  ),
} satisfies Meta<typeof AllStates>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Page: Story = {
  args: { backends: undefined as unknown as Backends },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText("You don't have permission to manage this team's API keys.");
    await canvas.findByText("API keys are not enabled for this project.");
    await canvas.findByText("Page 1 of 100");
    await expect(await canvas.findAllByRole("alert")).toHaveLength(1);
  },
};
