import type { ApiKeysError } from "../client/index.js";

export type NotAllowedReason = "no-permission" | "not-enabled";

/**
 * Errors that mean "you may not have keys here" rather than "something broke": a team's keys answer 404
 * without the permission (so the team's existence stays private), and a project with user or team keys
 * switched off answers 400 "... are not enabled ...". Retrying would not help, so the panel says so.
 */
export function notAllowedReason(error: ApiKeysError | null | undefined): NotAllowedReason | null {
  if (!error) return null;
  if (error.code === "API_KEY_NOT_FOUND" || error.status === 403) return "no-permission";
  if (error.status === 400 && /not enabled/i.test(error.message)) return "not-enabled";
  return null;
}
