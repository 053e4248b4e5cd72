import type { ApiKeyFirstViewWire } from "../client/wire.js";
import type { ApiKeysHandler, ApiKeysHandlerOptions } from "./handler.js";
import type { ApiKeyStore } from "./store.js";

/**
 * A made-up project for the demo server, stories and tests: alice keeps keys of her own, bob is in acme
 * without `$manage_api_keys`, carol manages keys in acme and globex.
 */
export const sampleProject = {
  projectId: "sample-project",
  publishableClientKey: "pck_sample_publishable_client_key",
  secretServerKey: "ssk_sample_secret_server_key",
} as const;

export const sampleTeams = { acme: "team-acme", globex: "team-globex" } as const;

export interface SampleUser {
  id: string;
  accessToken: string;
  /** Team id → the team permissions the user holds there. */
  teams: Record<string, readonly string[]>;
}

export const sampleUsers = {
  alice: { id: "user-alice", accessToken: "sample-token-alice", teams: {} },
  bob: { id: "user-bob", accessToken: "sample-token-bob", teams: { [sampleTeams.acme]: [] } },
  carol: {
    id: "user-carol",
    accessToken: "sample-token-carol",
    teams: { [sampleTeams.acme]: ["$manage_api_keys"], [sampleTeams.globex]: ["$manage_api_keys"] },
  },
} as const satisfies Record<string, SampleUser>;

const users: readonly SampleUser[] = Object.values(sampleUsers);

export function sampleAuthenticateUser(accessToken: string): string | null {
  return users.find((user) => user.accessToken === accessToken)?.id ?? null;
}

export function sampleCanManageTeamKeys(userId: string, teamId: string): boolean {
  const user = users.find((candidate) => candidate.id === userId);
  return (
    (user && Object.hasOwn(user.teams, teamId) && user.teams[teamId]!.includes("$manage_api_keys")) ?? false
  );
}

/** Handler options for the sample project over `store`; `overrides` win. */
export function sampleHandlerOptions(
  store: ApiKeyStore,
  overrides: Partial<ApiKeysHandlerOptions> = {},
): ApiKeysHandlerOptions {
  return {
    ...sampleProject,
    authenticateUser: sampleAuthenticateUser,
    canManageTeamKeys: sampleCanManageTeamKeys,
    store,
    ...overrides,
  };
}

/**
 * Creates a few keys through the handler itself (so it works over any store): two for alice, one for carol,
 * and one each for acme and globex. Answers the first views by name.
 */
export async function seedSampleKeys(
  handler: ApiKeysHandler,
  baseUrl = "http://localhost/api/v1",
): Promise<Record<string, ApiKeyFirstViewWire>> {
  const seeds = {
    aliceCli: { path: "user-api-keys", body: { user_id: sampleUsers.alice.id, description: "Alice's CLI" } },
    aliceWidget: {
      path: "user-api-keys",
      body: { user_id: sampleUsers.alice.id, description: "Alice's public widget", is_public: true },
    },
    carolScripts: {
      path: "user-api-keys",
      body: { user_id: sampleUsers.carol.id, description: "Carol's scripts" },
    },
    acmeDeploy: { path: "team-api-keys", body: { team_id: sampleTeams.acme, description: "Acme deploys" } },
    globexReports: {
      path: "team-api-keys",
      body: { team_id: sampleTeams.globex, description: "Globex reports" },
    },
  };
  const out: Record<string, ApiKeyFirstViewWire> = {};
  for (const [name, seed] of Object.entries(seeds)) {
    const response = await handler(
      new Request(`${baseUrl}/${seed.path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-stack-project-id": sampleProject.projectId,
          "x-stack-access-type": "server",
          "x-stack-secret-server-key": sampleProject.secretServerKey,
        },
        body: JSON.stringify({ expires_at_millis: null, ...seed.body }),
      }),
    );
    if (!response.ok) throw new Error(`Seeding ${name} failed: ${response.status} ${await response.text()}`);
    out[name] = (await response.json()) as ApiKeyFirstViewWire;
  }
  return out;
}
