import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApiKeysProvider, UserApiKeysPanel } from "react-api-keys";
import { createApiKeysClient } from "react-api-keys/client";
import "react-api-keys/styles.css";

const client = createApiKeysClient({
  baseUrl: "", // the key service is on this origin, under /api/v1
  projectId: "sample-project",
  publishableClientKey: "pck_sample_publishable_client_key",
  getAccessToken: () => "sample-token-alice", // your session's token; here, the sample user Alice
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <main>
      <h1>API keys</h1>
      <ApiKeysProvider client={client}>
        <UserApiKeysPanel />
      </ApiKeysProvider>
    </main>
  </StrictMode>,
);
