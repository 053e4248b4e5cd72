import { memo, useEffect, useRef } from "react";
import type { ApiKey } from "../client/index.js";
import { formatMoment } from "./format.js";
import type { ApiKeyStatus } from "./format.js";
import type { ApiKeysUi } from "./ui-context.js";
import { visuallyHidden } from "./ui-context.js";

export interface ApiKeyRowProps {
  apiKey: ApiKey;
  status: ApiKeyStatus;
  now: Date;
  ui: ApiKeysUi;
  showLastUsed: boolean;
  onRevoke: ((key: ApiKey) => void) | undefined;
}

const STATUS_LABELS = { active: "statusActive", expired: "statusExpired", revoked: "statusRevoked" } as const;

/** Memoized: a filter switch that keeps a key on the page, or a re-render above, leaves its row alone. */
export const ApiKeyRow = memo(function ApiKeyRow({
  apiKey,
  status,
  now,
  ui,
  showLastUsed,
  onRevoke,
}: ApiKeyRowProps) {
  const m = ui.messages;
  const { description, expiresAt, lastUsedAt } = apiKey;
  const lastFour = apiKey.value.lastFour;
  const rowRef = useRef<HTMLTableRowElement>(null);
  const revokeHadFocus = useRef(false);
  // A revoked key loses its Revoke button; if focus was on it, keep it in the row instead of the page.
  useEffect(() => {
    if (status === "active" || !revokeHadFocus.current) return;
    revokeHadFocus.current = false;
    if (document.activeElement === document.body || document.activeElement === null) rowRef.current?.focus();
  }, [status]);
  const kind = apiKey.isPublic ? m.publicBadge : m.secretBadge;
  const moment = (date: Date, text?: string) => {
    const { iso, full, relative } = formatMoment(date, now, ui.locale, ui.timeZone);
    return (
      // Focusable so the absolute date in the title can be reached without a mouse (the stylesheet shows it).
      <time data-slot="time" dateTime={iso} title={full} tabIndex={0}>
        {text ?? relative}
      </time>
    );
  };

  return (
    <tr ref={rowRef} data-slot="api-key-row" data-state={status} tabIndex={-1}>
      <th scope="row" data-slot="cell">
        {description}
      </th>
      <td data-slot="cell">
        <code data-slot="key-mask" aria-hidden="true">
          {`${apiKey.isPublic ? "pk" : "sk"}_••••${lastFour}`}
        </code>
        <span style={visuallyHidden}>{m.keyEndingIn(kind, lastFour)}</span>{" "}
        <span data-slot="badge" data-kind={apiKey.isPublic ? "public" : "secret"} aria-hidden="true">
          {kind}
        </span>
      </td>
      <td data-slot="cell">
        <span data-slot="status" data-state={status}>
          {m[STATUS_LABELS[status]]}
        </span>
      </td>
      <td data-slot="cell">{moment(apiKey.createdAt)}</td>
      <td data-slot="cell">
        {expiresAt
          ? moment(
              expiresAt,
              expiresAt.getTime() <= now.getTime()
                ? m.expiredAgo(formatMoment(expiresAt, now, ui.locale, ui.timeZone).relative)
                : undefined,
            )
          : m.never}
      </td>
      {showLastUsed ? <td data-slot="cell">{lastUsedAt ? moment(lastUsedAt) : m.never}</td> : null}
      {onRevoke ? (
        <td data-slot="cell">
          {status === "active" ? (
            <button
              type="button"
              data-slot="button"
              data-variant="danger-ghost"
              aria-label={m.revokeActionLabel(description)}
              onClick={() => onRevoke(apiKey)}
              onFocus={() => (revokeHadFocus.current = true)}
              onBlur={() => (revokeHadFocus.current = false)}
            >
              {m.revokeAction}
            </button>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
});
