import type { ApiKey } from "../client/index.js";
import type { ApiKeysUi } from "./ui-context.js";

export interface LeakNoticeProps {
  apiKey: ApiKey;
  ui: ApiKeysUi;
  /** The key still works (flagged, not revoked): the next step is to roll it. */
  active: boolean;
  onRoll?: ((key: ApiKey) => void) | undefined;
  onCreate?: (() => void) | undefined;
}

// Stands in for the url in the message, so a translation can put it anywhere in its sentence.
const MARK = "\u0000";

/**
 * A key reported found in public (secret scanning): where, as a link only for http(s), and the next step. A key
 * that still works is rolled. A revoked one cannot be (the server refuses to roll a revoked key, and replacing
 * it on the core contract would end by offering to revoke it again), so a new key is created instead.
 */
export function LeakNotice({ apiKey, ui, active, onRoll, onCreate }: LeakNoticeProps) {
  const m = ui.messages;
  const url = apiKey.leakUrl ?? "";
  const revoked = apiKey.revokedReason == "leak";
  const [before, after] = m.leakFound(url && MARK, revoked).split(MARK);
  const next = active ? onRoll && (() => onRoll(apiKey)) : onCreate;
  return (
    <span data-slot="leak-notice" data-state={revoked ? "revoked" : "reported"}>
      {before}
      {after != null &&
        (/^https?:\/\//i.test(url) ? (
          <a href={url} target="_blank" rel="noopener noreferrer nofollow">
            {url}
          </a>
        ) : (
          url
        ))}
      {after}{" "}
      {next && (
        <button type="button" data-slot="button" onClick={next}>
          {active ? m.rollAction : m.leakCreate}
        </button>
      )}
    </span>
  );
}
