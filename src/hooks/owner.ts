import type { ApiKeyOwner } from "../client/index.js";

/** The signed-in user's keys (`"me"`), or a named user's when the client is a server client. */
export const userOwner = (userId = "me"): ApiKeyOwner => ({ type: "user", userId });
export const teamOwner = (teamId: string): ApiKeyOwner => ({ type: "team", teamId });
