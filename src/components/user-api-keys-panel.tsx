import { userOwner } from "../hooks/index.js";
import { ApiKeysPanel } from "./api-keys-panel.js";
import type { ApiKeysPanelProps } from "./api-keys-panel.js";

export type UserApiKeysPanelProps = Omit<ApiKeysPanelProps, "owner">;

const ME = userOwner();

/** The signed-in user's keys. */
export function UserApiKeysPanel(props: UserApiKeysPanelProps) {
  return <ApiKeysPanel owner={ME} {...props} />;
}
