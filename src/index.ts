"use client";
export * from "./hooks/index.js";
export * from "./components/index.js";
export { ApiKeysError, isApiKeysError } from "./client/index.js";
export type {
  ApiKey,
  ApiKeyExtension,
  ApiKeyFirstView,
  ApiKeyList,
  ApiKeyOwner,
  ApiKeyScope,
  GrantableScopeList,
  CreateApiKeyOptions,
  RollApiKeyOptions,
  RolledApiKey,
  ApiKeyUsage,
  ApiKeyUsageDay,
  GetApiKeyUsageOptions,
} from "./client/index.js";
