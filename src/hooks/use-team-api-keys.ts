import { useMemo } from "react";
import { teamOwner } from "./owner.js";
import { useApiKeys } from "./use-api-keys.js";
import type { UseApiKeysOptions, UseApiKeysResult } from "./use-api-keys.js";

export type UseTeamApiKeysOptions = UseApiKeysOptions;

export function useTeamApiKeys(teamId: string, options?: UseTeamApiKeysOptions): UseApiKeysResult {
  const owner = useMemo(() => teamOwner(teamId), [teamId]);
  return useApiKeys(owner, options);
}
