// app/page.tsx
import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { cookies } from "next/headers";
import { ApiKeysProvider, UserApiKeysPanel } from "react-api-keys";
import { apiKeysQueryOptions, userOwner } from "react-api-keys/query";
import { sampleProject, sampleUsers } from "react-api-keys/server";
import { keyServer } from "@/lib/api-keys";
import { getSession } from "@/lib/session";

async function signIn(form: FormData) {
  "use server";
  const user = sampleUsers[form.get("user") as keyof typeof sampleUsers];
  if (user) (await cookies()).set("session", user.accessToken, { httpOnly: true, sameSite: "lax" });
}

export default async function Page() {
  const session = await getSession();
  if (!session) {
    return (
      <main>
        <h1>API keys</h1>
        <form action={signIn}>
          <button name="user" value="alice">
            Sign in as Alice
          </button>
        </form>
      </main>
    );
  }

  // The keys are in the HTML, and the browser's panel starts from them without a request.
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery(apiKeysQueryOptions(keyServer, userOwner(), { me: session.userId }));

  return (
    <main>
      <h1>API keys</h1>
      <ApiKeysProvider
        projectId={sampleProject.projectId}
        publishableClientKey={sampleProject.publishableClientKey}
        accessToken={session.token}
      >
        <HydrationBoundary state={dehydrate(queryClient)}>
          <UserApiKeysPanel />
        </HydrationBoundary>
      </ApiKeysProvider>
    </main>
  );
}
