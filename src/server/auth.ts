import { HEADER_PREFIXES } from "../client/wire.js";
import { errors } from "./errors.js";
import type { HeaderReader } from "./parse.js";
import { textProblem } from "./text-guard.js";

export type AccessType = "client" | "server";

/** Who is calling: the access type proven by a project key, and the signed-in user if a token came along. */
export interface Caller {
  accessType: AccessType;
  userId: string | null;
}

export interface AuthOptions {
  projectId: string;
  publishableClientKey: string;
  secretServerKey: string;
  authenticateUser(accessToken: string): string | null | Promise<string | null>;
}

/** Reads `x-stack-<suffix>`, else `x-hexclave-<suffix>`; `Headers` already ignores case. Empty counts as absent. */
export function header(headers: HeaderReader, suffix: string): string | null {
  for (const prefix of HEADER_PREFIXES) {
    const value = headers.get(prefix + suffix);
    if (value) return value;
  }
  return null;
}

/** Follows Stack's order: access type, project id, project key, then the user's token. */
export async function authenticate(headers: HeaderReader, options: AuthOptions): Promise<Caller> {
  const accessType = header(headers, "access-type");
  const publishableKey = header(headers, "publishable-client-key");
  const secretKey = header(headers, "secret-server-key");
  if (!accessType) {
    throw publishableKey || secretKey ? errors.projectKeyWithoutAccessType() : errors.accessTypeRequired();
  }
  if (accessType !== "client" && accessType !== "server") throw errors.invalidAccessType(accessType);

  const projectId = header(headers, "project-id");
  if (!projectId) throw errors.accessTypeWithoutProjectId(accessType);
  if (projectId !== options.projectId) throw errors.currentProjectNotFound(projectId);

  if (accessType === "client") {
    if (!publishableKey) throw errors.publishableClientKeyRequired(projectId);
    if (!sameSecret(publishableKey, options.publishableClientKey)) {
      throw errors.invalidPublishableClientKey(projectId);
    }
  } else {
    if (!secretKey) throw errors.serverAuthenticationRequired();
    if (!sameSecret(secretKey, options.secretServerKey)) throw errors.invalidSecretServerKey(projectId);
  }

  const accessToken = header(headers, "access-token");
  if (!accessToken) return { accessType, userId: null };
  const userId = await options.authenticateUser(accessToken);
  // A user id no store can hold as sent (NUL, a lone surrogate) is a token we cannot use, not a 500 later.
  if (typeof userId !== "string" || userId === "" || textProblem(userId))
    throw errors.unparsableAccessToken();
  return { accessType, userId };
}

/** Compares without stopping at the first difference, so timing does not reveal how much of a key matched. */
function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) {
    diff |= (given.charCodeAt(i % Math.max(given.length, 1)) || 0) ^ expected.charCodeAt(i);
  }
  return diff === 0;
}
