import type { KnownErrorCode } from "./wire.js";

/** Failures the client itself detects, beside the server's known error codes. */
export type ClientErrorCode = "NETWORK_ERROR" | "TIMEOUT" | "HTTP_ERROR" | "INVALID_RESPONSE";

// `string & {}` keeps autocompletion for the known codes while accepting codes a newer server adds.
export type ApiKeysErrorCode = KnownErrorCode | ClientErrorCode | (string & {});

export interface ApiKeysErrorOptions {
  code: ApiKeysErrorCode;
  /** The HTTP status, or 0 when no answer arrived. */
  status: number;
  message: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Every failure of the client: a known error from the server, a plain HTTP error, or a transport problem. */
export class ApiKeysError extends Error {
  override readonly name = "ApiKeysError";
  readonly code: ApiKeysErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor({ code, status, message, details, cause }: ApiKeysErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export function isApiKeysError(error: unknown, code?: ApiKeysErrorCode): error is ApiKeysError {
  return error instanceof ApiKeysError && (code === undefined || error.code === code);
}
