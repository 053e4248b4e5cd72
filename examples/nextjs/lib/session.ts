// lib/session.ts
import { cookies } from "next/headers";
import { sampleAuthenticateUser } from "react-api-keys/server";

/** The demo's session: a cookie holding a sample user's token. Use your own session here. */
export async function getSession(): Promise<{ token: string; userId: string } | null> {
  const token = (await cookies()).get("session")?.value;
  const userId = token ? sampleAuthenticateUser(token) : null;
  return token && userId ? { token, userId } : null;
}
