export { ApiKeysProvider, useApiKeysClient } from "./provider.js";
export type { ApiKeysProviderProps, ApiKeysClientConfig, AnyApiKeysClient } from "./provider.js";
export { userOwner, teamOwner } from "./owner.js";
export { apiKeysKeys } from "./query-keys.js";
export {
  apiKeysQueryOptions,
  apiKeyUsageQueryOptions,
  grantableScopesQueryOptions,
} from "./query-options.js";
export type { ApiKeyListData } from "./cache.js";
export type { ApiKeysQueryOptionsSettings } from "./query-options.js";
export { useApiKeys } from "./use-api-keys.js";
export type { UseApiKeysOptions, UseApiKeysResult } from "./use-api-keys.js";
export { useTeamApiKeys } from "./use-team-api-keys.js";
export type { UseTeamApiKeysOptions } from "./use-team-api-keys.js";
export { useCreateApiKey } from "./use-create-api-key.js";
export type { UseCreateApiKeyOptions, UseCreateApiKeyResult } from "./use-create-api-key.js";
export { useRevokeApiKey } from "./use-revoke-api-key.js";
export type { UseRevokeApiKeyOptions, UseRevokeApiKeyResult, RevokeContext } from "./use-revoke-api-key.js";
export { useUpdateApiKey } from "./use-update-api-key.js";
export type {
  UseUpdateApiKeyOptions,
  UseUpdateApiKeyResult,
  UpdateApiKeyVariables,
  UpdateContext,
} from "./use-update-api-key.js";
export { useApiKeyExtensions } from "./use-api-key-extensions.js";
export type { UseApiKeyExtensionsOptions, UseApiKeyExtensionsResult } from "./use-api-key-extensions.js";
export { useRollApiKey } from "./use-roll-api-key.js";
export type { UseRollApiKeyOptions, UseRollApiKeyResult, RollApiKeyVariables } from "./use-roll-api-key.js";
export { useGrantableScopes } from "./use-grantable-scopes.js";
export type { UseGrantableScopesOptions, UseGrantableScopesResult } from "./use-grantable-scopes.js";
export { useApiKeyUsage } from "./use-api-key-usage.js";
export type { UseApiKeyUsageOptions, UseApiKeyUsageResult } from "./use-api-key-usage.js";
