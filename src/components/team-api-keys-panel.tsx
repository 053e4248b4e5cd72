import { useMemo } from "react";
import { teamOwner } from "../hooks/index.js";
import { ApiKeysPanel } from "./api-keys-panel.js";
import type { ApiKeysPanelProps } from "./api-keys-panel.js";

export interface TeamApiKeysPanelProps extends Omit<ApiKeysPanelProps, "owner"> {
  teamId: string;
}

/** A team's keys; managing them takes the team permission `$manage_api_keys`. */
export function TeamApiKeysPanel({ teamId, ...props }: TeamApiKeysPanelProps) {
  const owner = useMemo(() => teamOwner(teamId), [teamId]);
  return <ApiKeysPanel owner={owner} {...props} />;
}
