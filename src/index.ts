"use client";
export * from "./hooks/index.js";
export * from "./components/index.js";
export { ApiKeysError, isApiKeysError } from "./client/index.js";
export type { ApiKey, ApiKeyFirstView, ApiKeyOwner, CreateApiKeyOptions } from "./client/index.js";
