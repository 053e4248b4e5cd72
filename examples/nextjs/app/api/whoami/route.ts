// app/api/whoami/route.ts
import { keyServer } from "@/lib/api-keys";

/** An endpoint of your API that callers reach with a key: `Authorization: Bearer <key>`. */
export async function GET(request: Request) {
  const presented = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  const key = presented ? await keyServer.checkUserApiKey(presented) : null;
  if (!key || key.type !== "user") {
    return Response.json(
      { error: "A valid API key is required." },
      { status: 401, headers: { "www-authenticate": "Bearer" } },
    );
  }
  return Response.json({ userId: key.userId, keyId: key.id });
}
