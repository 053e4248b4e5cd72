export { createApiKeysClient, createApiKeysServerClient } from "./client.js";
export type {
  ApiKeysClient,
  ApiKeysClientOptions,
  ApiKeysServerClient,
  ApiKeysServerClientOptions,
  ApiKeyCheckFailure,
  ApiKeyVerification,
  CheckApiKeyOptions,
} from "./client.js";
export type { ApiKeyOwner, ApiKeysScope, CreateApiKeyOptions, CallOptions } from "./scope.js";
export { ownerId } from "./scope.js";
export { whyInvalid } from "./api-key.js";
export type { ApiKey, ApiKeyChanges, ApiKeyFirstView, ApiKeyInvalidReason } from "./api-key.js";
export type { ApiKeyScope, GrantableScopeList } from "./scopes.js";
export type { ApiKeyExtension, ApiKeyList } from "./extensions.js";
export type { RollApiKeyOptions, RolledApiKey } from "./roll.js";
export type { ApiKeyUsage, ApiKeyUsageDay, GetApiKeyUsageOptions } from "./usage.js";
export { ApiKeysError, isApiKeysError } from "./errors.js";
export type { ApiKeysErrorCode, ClientErrorCode } from "./errors.js";
export {
  DEFAULT_USAGE_DAYS,
  DESCRIPTION_MAX_LENGTH,
  KNOWN_ERRORS,
  MAX_USAGE_DAYS,
  USAGE_OUTCOMES,
  withoutSecret,
} from "./wire.js";
export type {
  ApiKeyReadWire,
  ApiKeyFirstViewWire,
  ApiKeyListWire,
  ApiKeyType,
  KnownErrorCode,
  UsageOutcome,
} from "./wire.js";
