import { QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createApiKeysClient } from "../src/client/index.js";
import {
  ApiKeysProvider,
  TeamApiKeysPanel,
  UserApiKeysPanel,
  apiKeysKeys,
  isApiKeysError,
} from "../src/index.js";
import { sampleProject } from "../src/server/sample.js";
import { onKeysChanged } from "./keys-changed.js";
import { teamNames } from "./people.js";
import type { Person } from "./people.js";

function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx (the team-key 404 for a non-member, say) will answer the same again: show it at once.
        retry: (failures, error) =>
          failures < 2 && !(isApiKeysError(error) && error.status >= 400 && error.status < 500),
      },
    },
  });
}

/** Everything one signed-in person sees. Mounted afresh (by `key`) when the person changes. */
export function Session({ person }: { person: Person }) {
  const [queryClient] = useState(newQueryClient);
  const [client] = useState(() =>
    createApiKeysClient({
      baseUrl: "",
      projectId: sampleProject.projectId,
      publishableClientKey: sampleProject.publishableClientKey,
      // A stand-in for a real session token: the sample server maps it to the person's user id.
      getAccessToken: () => person.user.accessToken,
    }),
  );
  const teamIds = Object.keys(person.user.teams);
  useEffect(
    () => onKeysChanged(() => void queryClient.invalidateQueries({ queryKey: apiKeysKeys.all })),
    [queryClient],
  );

  return (
    <ApiKeysProvider client={client} queryClient={queryClient}>
      {/* Each panel is a titled region of its own, so the page needs no extra wrapper headings. */}
      <UserApiKeysPanel className="demo-section" title="Your API keys" />
      {teamIds.length === 0 ? (
        <section className="demo-section" aria-labelledby="team-keys-heading">
          <h2 id="team-keys-heading">Team API keys</h2>
          <p className="demo-hint">{person.displayName} is not in any team.</p>
        </section>
      ) : (
        teamIds.map((teamId) => (
          <TeamApiKeysPanel
            key={teamId}
            className="demo-section"
            teamId={teamId}
            title={
              <>
                {teamNames[teamId] ?? teamId} team API keys <span className="demo-id">({teamId})</span>
              </>
            }
          />
        ))
      )}
    </ApiKeysProvider>
  );
}
