import { memo, useEffect, useRef, useState } from "react";
import type { ApiKey } from "../client/index.js";
import { formatMoment, formatUntil } from "./format.js";
import { LeakNotice } from "./leak-notice.js";
import type { ApiKeyStatus } from "./format.js";
import { RenameInput } from "./rename-input.js";
import { RowMenu } from "./row-menu.js";
import { ScopeSummary } from "./scope-picker.js";
import type { RowMenuItem } from "./row-menu.js";
import type { ApiKeysUi } from "./ui-context.js";
import { visuallyHidden } from "./ui-context.js";
import { UsageChart } from "./usage-chart.js";
import type { UsageState } from "./usage-chart.js";

export interface ApiKeyRowProps {
  apiKey: ApiKey;
  status: ApiKeyStatus;
  now: Date;
  ui: ApiKeysUi;
  showLastUsed: boolean;
  /** Active and within the expiring-soon threshold. */
  expiringSoon: boolean;
  /** The key this one was rolled into, and the one it replaced, when the list holds them. */
  replacedBy: ApiKey | undefined;
  replaces: ApiKey | undefined;
  onRevoke: ((key: ApiKey) => void) | undefined;
  onRename: ((key: ApiKey, description: string) => void) | undefined;
  onRoll: ((key: ApiKey) => void) | undefined;
  /** usage: the key's days, or where the query stands; undefined leaves the column out. */
  usage: UsageState | undefined;
  /** Details in the menu of every row, whatever its status. */
  onDetails: ((key: ApiKey) => void) | undefined;
  /** Offered on a key that can no longer work after a leak. */
  onCreate: (() => void) | undefined;
  /** Where the server has scopes: the summary in the row, and Edit scopes in its menu. */
  onEditScopes: ((key: ApiKey) => void) | undefined;
}

const STATUS_LABELS = { active: "statusActive", expired: "statusExpired", revoked: "statusRevoked" } as const;

/** Memoized: a filter switch that keeps a key on the page, or a re-render above, leaves its row alone. */
export const ApiKeyRow = memo(function ApiKeyRow({
  apiKey,
  status,
  now,
  ui,
  showLastUsed,
  expiringSoon,
  replacedBy,
  replaces,
  onRevoke,
  onRename,
  onRoll,
  usage,
  onDetails,
  onCreate,
  onEditScopes,
}: ApiKeyRowProps) {
  const m = ui.messages;
  const { description, expiresAt, lastUsedAt } = apiKey;
  const lastFour = apiKey.value.lastFour;
  const rowRef = useRef<HTMLTableRowElement>(null);
  const menuHadFocus = useRef(false);
  // The table reuses a row for whichever key lands in its place, so a rename belongs to the key's id.
  const [renaming, setRenaming] = useState<string | null>(null);
  // A revoked key loses its actions; if focus was on them, keep it in the row instead of the page.
  useEffect(() => {
    if (status === "active" || !menuHadFocus.current) return;
    menuHadFocus.current = false;
    if (document.activeElement === document.body || document.activeElement === null) rowRef.current?.focus();
  }, [status]);
  const focusMenu = () =>
    rowRef.current?.querySelector<HTMLElement>('[data-slot="row-menu-button"]')?.focus();
  const items: RowMenuItem[] = [];
  if (onRename) items.push({ id: "rename", label: m.renameAction, onSelect: () => setRenaming(apiKey.id) });
  if (onRoll) items.push({ id: "roll", label: m.rollAction, onSelect: () => onRoll(apiKey) });
  if (onEditScopes)
    items.push({ id: "scopes", label: m.editScopesAction, onSelect: () => onEditScopes(apiKey) });
  // Details before Revoke: the destructive item stays last, where End finds it.
  if (onDetails) items.push({ id: "details", label: m.detailsAction, onSelect: () => onDetails(apiKey) });
  if (onRevoke)
    items.push({ id: "revoke", label: m.revokeAction, danger: true, onSelect: () => onRevoke(apiKey) });
  const menu = status === "active" ? items : items.filter((item) => item.id === "details");
  const kind = apiKey.isPublic ? m.publicBadge : m.secretBadge;
  // `say` words the relative time ("Expires in 3 days").
  const moment = (date: Date, say?: (relative: string) => string) => {
    const { iso, full, relative } = formatMoment(date, now, ui.locale, ui.timeZone);
    return (
      // Focusable so the absolute date in the title can be reached without a mouse (the stylesheet shows it).
      <time data-slot="time" dateTime={iso} title={full} tabIndex={0}>
        {say ? say(relative) : relative}
      </time>
    );
  };

  return (
    <tr ref={rowRef} data-slot="api-key-row" data-key={apiKey.id} data-state={status} tabIndex={-1}>
      <th scope="row" data-slot="cell">
        {renaming === apiKey.id && onRename ? (
          <RenameInput
            ui={ui}
            description={description}
            onSave={(next) => {
              setRenaming(null);
              if (next !== description) onRename(apiKey, next);
            }}
            onCancel={() => setRenaming(null)}
            onDone={focusMenu}
          />
        ) : (
          description
        )}
      </th>
      <td data-slot="cell">
        <code data-slot="key-mask" aria-hidden="true">
          {`${apiKey.isPublic ? "pk" : "sk"}_••••${lastFour}`}
        </code>
        <span style={visuallyHidden}>{m.keyEndingIn(kind, lastFour)}</span>{" "}
        <span data-slot="badge" data-kind={apiKey.isPublic ? "public" : "secret"} aria-hidden="true">
          {kind}
        </span>
        {replacedBy ? (
          <span data-slot="roll-link" data-kind="replaced-by">
            {m.replacedBy(
              replacedBy.value.lastFour,
              status === "active" && expiresAt ? formatUntil(expiresAt, now, ui.locale) : undefined,
            )}
          </span>
        ) : replaces ? (
          <span data-slot="roll-link" data-kind="replaces">
            {m.replaces(replaces.value.lastFour)}
          </span>
        ) : null}
        {onEditScopes ? <ScopeSummary ui={ui} scopes={apiKey.scopes} /> : null}
      </td>
      <td data-slot="cell">
        <span data-slot="status" data-state={status}>
          {m[STATUS_LABELS[status]]}
        </span>
        {apiKey.leakedAt ? (
          <LeakNotice
            apiKey={apiKey}
            ui={ui}
            active={status === "active"}
            onRoll={onRoll}
            onCreate={onCreate}
          />
        ) : null}
      </td>
      <td data-slot="cell">{moment(apiKey.createdAt)}</td>
      <td data-slot="cell">
        {!expiresAt ? (
          m.never
        ) : expiringSoon ? (
          <span data-slot="expiring-badge" data-state="expiring">
            {moment(expiresAt, m.expiresIn)}
          </span>
        ) : (
          moment(expiresAt, expiresAt <= now ? m.expiredAgo : undefined)
        )}
      </td>
      {showLastUsed ? <td data-slot="cell">{lastUsedAt ? moment(lastUsedAt) : m.never}</td> : null}
      {usage ? (
        <td data-slot="cell">
          <UsageChart ui={ui} usage={usage} days={14} />
        </td>
      ) : null}
      {items.length ? (
        <td
          data-slot="cell"
          onFocus={() => (menuHadFocus.current = true)}
          onBlur={() => (menuHadFocus.current = false)}
        >
          {menu.length ? (
            <RowMenu ui={ui} label={m.rowActionsLabel(description)} items={menu} itemsFor={apiKey.id} />
          ) : null}
        </td>
      ) : null}
    </tr>
  );
});
