import * as Tabs from "@radix-ui/react-tabs";
import { useId, useMemo, useState } from "react";
import type { ComponentPropsWithoutRef } from "react";
import type { ApiKey, ApiKeysError, ApiKeyUsage } from "../client/index.js";
import { ApiKeyRow } from "./api-key-row.js";
import { EXPIRING_SOON_DAYS, isExpiringSoon, keyStatus } from "./format.js";
import type { ApiKeyStatus } from "./format.js";
import { notAllowedReason } from "./not-allowed.js";
import { useUi, visuallyHidden } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import type { UsageState } from "./usage-chart.js";
import { useControllableState } from "./use-controllable-state.js";

export type ApiKeyStatusFilter = "all" | "expiring" | ApiKeyStatus;

export interface ApiKeyTableProps
  extends Omit<ComponentPropsWithoutRef<"div">, "onChange" | "defaultValue">, ApiKeysUiProps {
  /** The keys, as `useApiKeys(owner).data` gives them; undefined while loading. */
  keys: ApiKey[] | undefined;
  isLoading?: boolean;
  error?: ApiKeysError | null;
  onRetry?: () => void;
  isRetrying?: boolean;
  /** Picks the wording when the server says the keys are not the viewer's to see. */
  ownerType?: "user" | "team";
  /** Revoke in the row menu of active keys. */
  onRevoke?: (key: ApiKey) => void;
  /** Rename in the row menu of active keys: the description becomes a field; called with a valid new one. */
  onRename?: (key: ApiKey, description: string) => void;
  /** Roll in the row menu of active keys that were never rolled. */
  onRoll?: (key: ApiKey) => void;
  /** Offered on a key revoked after it was found in public (secret scanning), which cannot be rolled. */
  onCreate?: () => void;
  /** Each key's scopes in its row, and Edit scopes in the row menu of active keys (the `scopes` extension). */
  onEditScopes?: (key: ApiKey) => void;
  /** An active key expiring within this many days is flagged and counted as expiring soon; default 7. */
  expiringSoonDays?: number;
  filter?: ApiKeyStatusFilter;
  defaultFilter?: ApiKeyStatusFilter;
  onFilterChange?: (filter: ApiKeyStatusFilter) => void;
  search?: string;
  defaultSearch?: string;
  onSearchChange?: (search: string) => void;
  /**
   * Rows per page; a long list is paged so it never renders more than this. Default 10: a search or filter
   * rebuilds a whole page, and ten rows fit in one frame on a slow machine (`npm run bench` shows it).
   */
  pageSize?: number;
  /** Default: shown when the server reports last use for any key. */
  showLastUsed?: boolean;
  /**
   * usage: a 14-day chart per row, from `useApiKeyUsage(owner).data`, or "pending" / "error" for a quiet
   * placeholder while it loads or after it failed. Undefined: no usage column.
   */
  usage?: ApiKeyUsage[] | "pending" | "error";
  /** Details in the row menu of every key. */
  onDetails?: (key: ApiKey) => void;
}

// Each filter and the message that names it.
const FILTERS = [
  ["all", "filterAll"],
  ["active", "statusActive"],
  ["expiring", "filterExpiringSoon"],
  ["expired", "statusExpired"],
  ["revoked", "statusRevoked"],
] as const;
const COLUMNS = ["columnDescription", "columnKey", "columnStatus", "columnCreated", "columnExpires"] as const;
const NO_USE: UsageState = [];

/** Active keys first, then newest first, filtered by status and searched by description or last four. */
export function ApiKeyTable({
  keys,
  isLoading = false,
  error = null,
  onRetry,
  isRetrying = false,
  ownerType = "user",
  onRevoke,
  onRename,
  onRoll,
  onCreate,
  onEditScopes,
  expiringSoonDays = EXPIRING_SOON_DAYS,
  filter,
  defaultFilter = "all",
  onFilterChange,
  search,
  defaultSearch = "",
  onSearchChange,
  pageSize = 10,
  showLastUsed,
  usage,
  onDetails,
  messages,
  locale,
  now,
  unstyled,
  ...rest
}: ApiKeyTableProps) {
  const ui = useUi({ messages, locale, now, unstyled });
  const m = ui.messages;
  const id = useId();
  const [status, setStatus] = useControllableState(filter, defaultFilter, onFilterChange);
  const [query, setQuery] = useControllableState(search, defaultSearch, onSearchChange);
  const [page, setPage] = useState(0);

  const ranked = useMemo(() => {
    const at = ui.now ?? new Date();
    return {
      at,
      byId: new Map(keys?.map((key) => [key.id, key])),
      // What a search matches is worked out once per list, not for every key on every keystroke.
      rows: (keys ?? [])
        .map((key) => ({
          key,
          status: keyStatus(key, at),
          soon: isExpiringSoon(key, at, expiringSoonDays),
          text: `${key.description}\n${key.value.lastFour}`.toLowerCase(),
        }))
        .sort(
          (a, b) =>
            +(a.status != "active") - +(b.status != "active") ||
            b.key.createdAt.getTime() - a.key.createdAt.getTime(),
        ),
    };
  }, [keys, ui.now, expiringSoonDays]);

  const { counts, shown } = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const found = needle ? ranked.rows.filter(({ text }) => text.includes(needle)) : ranked.rows;
    const counts = { all: found.length, active: 0, expiring: 0, expired: 0, revoked: 0 };
    for (const row of found) {
      counts[row.status]++;
      if (row.soon) counts.expiring++;
    }
    const shown =
      status === "all"
        ? found
        : found.filter((row) => (status === "expiring" ? row.soon : row.status === status));
    return { counts, shown };
  }, [ranked, query, status]);

  const pages = Math.max(1, Math.ceil(shown.length / pageSize));
  const current = Math.min(page, pages - 1);
  const visible = useMemo(
    () => shown.slice(current * pageSize, (current + 1) * pageSize),
    [shown, current, pageSize],
  );
  const lastUsed = showLastUsed ?? ranked.rows.some(({ key }) => key.lastUsedAt);
  const actions = Boolean(onRevoke || onRename || onRoll || onDetails);
  const columns = 5 + +lastUsed + +!!usage + +actions;
  const usageById = useMemo(
    () => (Array.isArray(usage) ? new Map(usage.map((item) => [item.id, item.days])) : undefined),
    [usage],
  );

  const notAllowed = notAllowedReason(error);
  const state = notAllowed
    ? "not-allowed"
    : error && !keys
      ? "error"
      : isLoading
        ? "loading"
        : keys?.length
          ? "ready"
          : "empty";
  const loading = state === "loading";

  // Kept across renders that change neither the rows nor the wording: a keystroke that finds the same keys,
  // a page or filter change that lands on the same rows.
  const table = useMemo(
    () => (
      <table data-slot="table" aria-busy={loading || undefined}>
        <caption style={visuallyHidden}>{m.tableLabel}</caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col">
                {m[column]}
              </th>
            ))}
            {lastUsed ? <th scope="col">{m.columnLastUsed}</th> : null}
            {usage ? <th scope="col">{m.usageDays(14)}</th> : null}
            {actions ? (
              <th scope="col">
                <span style={visuallyHidden}>{m.columnActions}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {loading ? (
            [0, 1, 2].map((row) => (
              <tr key={row} data-slot="skeleton-row" aria-hidden="true">
                {Array.from({ length: columns }, (_, cell) => (
                  <td key={cell} data-slot="cell">
                    <span data-slot="skeleton" />
                  </td>
                ))}
              </tr>
            ))
          ) : visible.length ? (
            // Keyed by place: a search or filter puts other keys into the same rows, which costs a few text
            // changes, where new rows cost their elements, their styles and the old rows' removal.
            visible.map(({ key, ...row }, i) => (
              <ApiKeyRow
                key={i}
                apiKey={key}
                status={row.status}
                now={ranked.at}
                ui={ui}
                showLastUsed={lastUsed}
                expiringSoon={row.soon}
                replacedBy={ranked.byId.get(key.rolledToId!)}
                replaces={ranked.byId.get(key.rolledFromId!)}
                onRevoke={onRevoke}
                onRename={onRename}
                onRoll={key.rolledToId ? undefined : onRoll}
                usage={usageById ? (usageById.get(key.id) ?? NO_USE) : (usage as UsageState | undefined)}
                onDetails={onDetails}
                onCreate={onCreate}
                onEditScopes={onEditScopes}
              />
            ))
          ) : (
            <tr>
              <td colSpan={columns} data-slot="empty">
                {state === "empty" ? m.empty : m.noMatches}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    ),
    [
      loading,
      state,
      visible,
      columns,
      lastUsed,
      actions,
      onRevoke,
      onRename,
      onRoll,
      onCreate,
      onEditScopes,
      ui,
      m,
      ranked,
      usage,
      usageById,
      onDetails,
    ],
  );
  const pageButton = (to: number, label: string, disabled: boolean) => (
    <button
      type="button"
      data-slot="button"
      disabled={disabled}
      data-disabled={disabled ? "" : undefined}
      onClick={() => setPage(to)}
    >
      {label}
    </button>
  );

  return (
    <div data-slot="api-key-table" data-state={state} {...rest}>
      {notAllowed ? (
        <p data-slot="api-keys-notice">
          {notAllowed === "not-enabled"
            ? m.notEnabled
            : ownerType === "team"
              ? m.notAllowedTeam
              : m.notAllowedUser}
        </p>
      ) : state === "error" ? (
        <div role="alert" data-slot="api-keys-notice" data-variant="error">
          <p>{m.loadFailed}</p>
          <p data-slot="hint">{error?.message}</p>
          {onRetry ? (
            <button
              type="button"
              data-slot="button"
              data-pending={isRetrying ? "" : undefined}
              aria-disabled={isRetrying || undefined}
              onClick={isRetrying ? undefined : onRetry}
            >
              {isRetrying ? m.retrying : m.retry}
            </button>
          ) : null}
        </div>
      ) : (
        <>
          <p role="status" style={visuallyHidden}>
            {loading ? m.loading : ""}
          </p>
          <Tabs.Root
            value={status}
            onValueChange={(value) => {
              setStatus(value as ApiKeyStatusFilter);
              setPage(0);
            }}
          >
            <div data-slot="api-key-table-toolbar">
              <Tabs.List data-slot="tabs" aria-label={m.filterLabel}>
                {FILTERS.map(([value, label]) => (
                  <Tabs.Trigger key={value} value={value} data-slot="tab">
                    {m[label]}
                    {loading ? null : (
                      <>
                        {" "}
                        <span data-slot="count">{counts[value]}</span>
                      </>
                    )}
                  </Tabs.Trigger>
                ))}
              </Tabs.List>
              <div data-slot="search">
                <label htmlFor={id} style={visuallyHidden}>
                  {m.searchLabel}
                </label>
                <input
                  id={id}
                  data-slot="input"
                  type="search"
                  autoComplete="off"
                  placeholder={m.searchPlaceholder}
                  value={query}
                  onChange={(event) => {
                    setQuery(event.target.value);
                    setPage(0);
                  }}
                />
              </div>
            </div>
            {/* One panel, always the selected tab's (its id and label follow the filter): switching keeps the
                table mounted, so only the rows that differ change, and Radix's Presence never has to read the
                panel's computed style, which forced a style recalc of the whole table on every switch. */}
            <Tabs.Content value={status} forceMount data-slot="api-key-table-panel">
              {table}
            </Tabs.Content>
          </Tabs.Root>
          {pages > 1 ? (
            <nav data-slot="pagination" aria-label={m.pagesLabel}>
              {pageButton(current - 1, m.previousPage, current === 0)}
              <span aria-live="polite">{m.pageStatus(current + 1, pages)}</span>
              {pageButton(current + 1, m.nextPage, current === pages - 1)}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
