// No "use client" here: a React Server Component calls these to prefetch, and the main entry
// (a client module) re-exports them for the browser.
export { apiKeysKeys } from "./hooks/query-keys.js";
export { apiKeysQueryOptions, apiKeyUsageQueryOptions } from "./hooks/query-options.js";
export type { ApiKeysQueryOptionsSettings } from "./hooks/query-options.js";
export type { ApiKeyListData } from "./hooks/cache.js";
export { userOwner, teamOwner } from "./hooks/owner.js";
export type { ApiKeyOwner, ApiKeyReadWire, ApiKeyUsage } from "./client/index.js";
