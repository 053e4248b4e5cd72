// app/api/v1/[...path]/route.ts
import { apiKeysHandler } from "@/lib/api-keys";

// The key service under /api/v1, on this app's origin.
export const GET = apiKeysHandler;
export const POST = apiKeysHandler;
export const PATCH = apiKeysHandler;
