import { KNOWN_ERRORS, type ApiKeyType, type KnownErrorCode } from "../client/wire.js";
import { StoreUnavailableError } from "./store-errors.js";

// One class for every store: the SQL stores throw the one from store-errors.ts, so it is re-exported here
// rather than declared twice (two classes would make `instanceof` miss PostgreSQL outages).
export { StoreUnavailableError } from "./store-errors.js";

/** Also recognises the class from a second copy of this package (two bundles, or a store built apart). */
export function isStoreUnavailable(error: unknown): boolean {
  return (
    error instanceof StoreUnavailableError ||
    (error instanceof Error && error.name === "StoreUnavailableError")
  );
}

/**
 * The signed-in user's session cannot be checked right now (say, the identity provider's keys cannot be
 * fetched); the request may be retried. Thrown by `authenticateUser`, it answers 503, unlike a `null` (401).
 */
export class AuthenticationUnavailableError extends Error {
  override name = "AuthenticationUnavailableError";
}

/** Also recognises the class from a second copy of this package, as `isStoreUnavailable` does. */
export function isAuthenticationUnavailable(error: unknown): boolean {
  return (
    error instanceof AuthenticationUnavailableError ||
    (error instanceof Error && error.name === "AuthenticationUnavailableError")
  );
}

/** The codes the reference server answers beyond the contract's table, with their statuses. */
export const SERVER_ERRORS = {
  BODY_PARSING_ERROR: 400,
  BODY_TOO_LARGE: 413,
  ACCESS_TYPE_REQUIRED: 400,
  PROJECT_KEY_WITHOUT_ACCESS_TYPE: 400,
  INVALID_ACCESS_TYPE: 400,
  ACCESS_TYPE_WITHOUT_PROJECT_ID: 400,
  CURRENT_PROJECT_NOT_FOUND: 400,
  PUBLISHABLE_CLIENT_KEY_REQUIRED_FOR_PROJECT: 401,
  INVALID_PUBLISHABLE_CLIENT_KEY: 401,
  SERVER_AUTHENTICATION_REQUIRED: 401,
  INVALID_SECRET_SERVER_KEY: 401,
  UNPARSABLE_ACCESS_TOKEN: 401,
  CANNOT_GET_OWN_USER_WITHOUT_USER: 400,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ORIGIN_NOT_ALLOWED: 403,
  INTERNAL_ERROR: 500,
  STORE_UNAVAILABLE: 503,
  AUTHENTICATION_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  API_KEY_LIMIT_REACHED: 409,
  /** secret scanning: a report without a valid GitHub signature (missing headers, unknown key, bad signature). */
  SECRET_SCANNING_SIGNATURE_INVALID: 401,
  /** secret scanning: GitHub's public keys could not be fetched; GitHub sends the report again later. */
  SECRET_SCANNING_KEYS_UNAVAILABLE: 503,
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;
export type ErrorCode = KnownErrorCode | ServerErrorCode;

const STATUSES: Record<ErrorCode, number> = { ...KNOWN_ERRORS, ...SERVER_ERRORS };

/** An error the handler turns into `{code, error, details?}` with the `x-…-known-error` headers. */
export class KnownError extends Error {
  override name = "KnownError";
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = STATUSES[code];
  }
}

/** Stack answers a few errors as plain text with no code; the handler does the same for those. */
export class PlainError extends Error {
  override name = "PlainError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const NOT_ROLLABLE = {
  revoked: "it has been revoked",
  expired: "it has expired",
  rolled: "it has already been replaced by another key",
};

const accessTypes = (types: string[]) => types.map((type) => `'${type}'`).join(" or ");

export const errors = {
  apiKeyNotFound: () => new KnownError("API_KEY_NOT_FOUND", "API key not found."),
  apiKeyExpired: () => new KnownError("API_KEY_EXPIRED", "API key has expired."),
  apiKeyRevoked: () => new KnownError("API_KEY_REVOKED", "API key has been revoked."),
  wrongApiKeyType: (expected: ApiKeyType, actual: ApiKeyType) =>
    new KnownError(
      "WRONG_API_KEY_TYPE",
      `This endpoint is for ${expected} API keys, but a ${actual} API key was provided.`,
      { expected_type: expected, actual_type: actual },
    ),
  apiKeyNotRollable: (reason: "revoked" | "expired" | "rolled") =>
    new KnownError("API_KEY_NOT_ROLLABLE", `This API key cannot be rolled: ${NOT_ROLLABLE[reason]}.`, {
      reason,
    }),
  apiKeyScopeNotAllowed: (scopes: readonly string[], why: string) =>
    new KnownError(
      "API_KEY_SCOPE_NOT_ALLOWED",
      `These scopes cannot be granted (${why}): ${scopes.join(", ")}.`,
      {
        scopes: [...scopes],
      },
    ),
  apiKeyInsufficientScope: (missing: readonly string[]) =>
    new KnownError("API_KEY_INSUFFICIENT_SCOPE", `This API key lacks the scopes: ${missing.join(", ")}.`, {
      missing_scopes: [...missing],
    }),
  schema: (message: string) => new KnownError("SCHEMA_ERROR", message, { message }),
  userAuthenticationRequired: () =>
    new KnownError("USER_AUTHENTICATION_REQUIRED", "User authentication required for this endpoint."),
  insufficientAccessType: (actual: string, allowed: string[]) =>
    new KnownError(
      "INSUFFICIENT_ACCESS_TYPE",
      `The x-stack-access-type header must be ${accessTypes(allowed)}, but was '${actual}'.`,
      { actual_access_type: actual, allowed_access_types: allowed },
    ),
  bodyParsing: (message: string) => new KnownError("BODY_PARSING_ERROR", message),
  bodyTooLarge: (limit: number) =>
    new KnownError("BODY_TOO_LARGE", `The request body is larger than ${limit} bytes.`, { max_bytes: limit }),
  accessTypeRequired: () =>
    new KnownError(
      "ACCESS_TYPE_REQUIRED",
      "You must specify an access level for this project. Set the x-stack-access-type header to 'client' or 'server' and send the matching project key.",
    ),
  projectKeyWithoutAccessType: () =>
    new KnownError(
      "PROJECT_KEY_WITHOUT_ACCESS_TYPE",
      "A project key was provided, but the x-stack-access-type header is missing. Set it to 'client' or 'server' as appropriate.",
    ),
  invalidAccessType: (actual: string) =>
    new KnownError(
      "INVALID_ACCESS_TYPE",
      `The x-stack-access-type header must be 'client' or 'server', but was ${JSON.stringify(actual)}.`,
    ),
  accessTypeWithoutProjectId: (accessType: string) =>
    new KnownError(
      "ACCESS_TYPE_WITHOUT_PROJECT_ID",
      `The x-stack-access-type header was '${accessType}', but the x-stack-project-id header was not provided.`,
      { request_type: accessType },
    ),
  currentProjectNotFound: (projectId: string) =>
    new KnownError(
      "CURRENT_PROJECT_NOT_FOUND",
      `The current project with ID ${projectId} was not found. Please check the value of the x-stack-project-id header.`,
      { project_id: projectId },
    ),
  publishableClientKeyRequired: (projectId: string) =>
    new KnownError(
      "PUBLISHABLE_CLIENT_KEY_REQUIRED_FOR_PROJECT",
      "A publishable client key is required for client requests to this project (x-stack-publishable-client-key).",
      { project_id: projectId },
    ),
  invalidPublishableClientKey: (projectId: string) =>
    new KnownError(
      "INVALID_PUBLISHABLE_CLIENT_KEY",
      `The publishable key is not valid for the project ${JSON.stringify(projectId)}. Does the project and/or the key exist?`,
      { project_id: projectId },
    ),
  serverAuthenticationRequired: () =>
    new KnownError("SERVER_AUTHENTICATION_REQUIRED", "The secret server key must be provided."),
  invalidSecretServerKey: (projectId: string) =>
    new KnownError(
      "INVALID_SECRET_SERVER_KEY",
      `The secret server key is not valid for the project ${JSON.stringify(projectId)}. Does the project and/or the key exist?`,
      { project_id: projectId },
    ),
  unparsableAccessToken: () =>
    new KnownError("UNPARSABLE_ACCESS_TOKEN", "Access token is not parsable or no longer valid."),
  cannotGetOwnUserWithoutUser: () =>
    new KnownError(
      "CANNOT_GET_OWN_USER_WITHOUT_USER",
      "You have specified 'me' as a userId, but did not provide authentication for a user.",
    ),
  routeNotFound: (method: string, path: string) =>
    new KnownError("ROUTE_NOT_FOUND", `No route matches ${method} ${path}.`),
  methodNotAllowed: (method: string, allowed: string[]) =>
    new KnownError(
      "METHOD_NOT_ALLOWED",
      `The method ${method} is not allowed here; use ${allowed.join(" or ")}.`,
      { allowed_methods: allowed },
      { allow: allowed.join(", ") },
    ),
  corsNotEnabled: (allowed: readonly string[]) =>
    new KnownError(
      "METHOD_NOT_ALLOWED",
      "This server does not take cross-origin requests: its handler has no cors option allowing any origin.",
      { allowed_methods: [...allowed] },
      { allow: allowed.join(", ") },
    ),
  originNotAllowed: (origin: string | null) =>
    new KnownError(
      "ORIGIN_NOT_ALLOWED",
      `The origin ${JSON.stringify(origin)} may not call this server: it is not among the handler's cors.origins.`,
      { origin },
    ),
  storeUnavailable: () =>
    new KnownError("STORE_UNAVAILABLE", "The key store is unavailable. Please try again later."),
  authenticationUnavailable: () =>
    new KnownError(
      "AUTHENTICATION_UNAVAILABLE",
      "The session cannot be verified right now. Please try again later.",
    ),
  internal: () => new KnownError("INTERNAL_ERROR", "An unexpected error occurred on the server."),
  forbiddenOtherUser: () => new PlainError(403, "Client can only manage their own api keys"),
  featureDisabled: (type: ApiKeyType) =>
    new PlainError(400, `${type === "user" ? "User" : "Team"} API keys are not enabled for this project.`),
};
