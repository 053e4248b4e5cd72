export { createApiKeysHandler, flushApiKeyUsage } from "./handler.js";
export type { ApiKeysHandler, ApiKeysHandlerOptions } from "./handler.js";
export type { CorsOptions } from "./cors.js";
export { DEFAULT_EXPIRING_WITHIN_MILLIS, sweepApiKeyEvents } from "./events.js";
export type {
  ApiKeyEvent,
  ApiKeyEventActor,
  ApiKeyEventBase,
  ApiKeyEventListener,
  ApiKeyEventOwner,
  ApiKeyEventType,
  ApiKeyRevokedWhy,
  SweepApiKeyEventsOptions,
} from "./events.js";
export type {
  ApiKeyStore,
  LeakReport,
  RollChange,
  StoredApiKey,
  StoredUsageDay,
  UsageCounts,
  UsageIncrement,
} from "./store.js";
export { DEFAULT_USAGE_RETENTION_DAYS, USAGE_FLUSH_INTERVAL_MILLIS } from "./usage.js";
export { MAX_ROLL_OVERLAP_MILLIS } from "./roll.js";
export { MAX_SCOPES, MAX_SCOPE_ID_LENGTH, SCOPE_ID_PATTERN } from "./scopes.js";
export type { ApiKeyScopeDefinition, GrantableScopes, GrantableScopesContext } from "./scopes.js";
export { memoryStore } from "./memory-store.js";
export { AuthenticationUnavailableError, StoreUnavailableError, SERVER_ERRORS } from "./errors.js";
export type { ServerErrorCode } from "./errors.js";
export {
  API_KEY_PATTERN,
  DEFAULT_KEY_PREFIX,
  KEY_PREFIX_PATTERN,
  generateApiKey,
  API_KEY_CHECKSUM_RULE,
  hasValidChecksum,
  hashApiKey,
  looksLikeApiKey,
  parseApiKey,
  secretScanningPatterns,
} from "./key-format.js";
export type { ParsedApiKey, SecretScanningPattern } from "./key-format.js";
export {
  DEFAULT_SECRET_SCANNING_MAX_BODY_BYTES,
  DEFAULT_SECRET_SCANNING_MAX_TOKENS,
  MAX_LEAK_URL_LENGTH,
} from "./secret-scanning.js";
export type { SecretScanningAnswer, SecretScanningLabel, SecretScanningOptions } from "./secret-scanning.js";
export { DEFAULT_KEYS_REFETCH_MILLIS, GITHUB_SECRET_SCANNING_KEYS_URL } from "./github-signature.js";
export { MAX_BODY_BYTES } from "./parse.js";
export {
  sampleAuthenticateUser,
  sampleCanManageTeamKeys,
  sampleHandlerOptions,
  sampleProject,
  sampleTeams,
  sampleUsers,
  seedSampleKeys,
} from "./sample.js";
export type { SampleUser } from "./sample.js";
export { pgliteStore, type PgliteStoreOptions } from "./pglite-store.js";
export { postgresStore, type PostgresStoreOptions } from "./postgres-store.js";
export type { SqlApiKeyStore } from "./sql-store.js";
export {
  createRateLimiter,
  type AnyRateLimiter,
  type AsyncRateLimiter,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
} from "./rate-limit.js";
export { createSharedRateLimiter, type SharedRateLimiterOptions } from "./shared-rate-limit.js";
export { DEFAULT_LIMITS, type ApiKeysLimits } from "./limits.js";
