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

const FILTERS: readonly ApiKeyStatusFilter[] = ["all", "active", "expiring", "expired", "revoked"];
const FILTER_LABELS = {
  all: "filterAll",
  active: "statusActive",
  expiring: "filterExpiringSoon",
  expired: "statusExpired",
  revoked: "statusRevoked",
} as const;
const SKELETON_ROWS = 3;
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
  className,
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
    const order = (s: ApiKeyStatus) => (s === "active" ? 0 : 1);
    return {
      at,
      // What a search matches is worked out once per list, not for every key on every keystroke.
      byId: new Map((keys ?? []).map((key) => [key.id, key])),
      rows: (keys ?? [])
        .map((key) => ({
          key,
          status: keyStatus(key, at),
          soon: isExpiringSoon(key, at, expiringSoonDays),
          text: [key.description.toLowerCase(), key.value.lastFour.toLowerCase()],
        }))
        .sort(
          (a, b) =>
            order(a.status) - order(b.status) || b.key.createdAt.getTime() - a.key.createdAt.getTime(),
        ),
    };
  }, [keys, ui.now, expiringSoonDays]);

  const { counts, shown } = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const found = needle
      ? ranked.rows.filter(({ text }) => text.some((t) => t.includes(needle)))
      : ranked.rows;
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
  const lastUsed = showLastUsed ?? ranked.rows.some(({ key }) => key.lastUsedAt !== undefined);
  const actions = Boolean(onRevoke || onRename || onRoll || onDetails);
  const columns = 5 + (lastUsed ? 1 : 0) + (usage ? 1 : 0) + (actions ? 1 : 0);
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

  // Kept across renders that change neither the rows nor the wording: a keystroke that finds the same keys,
  // a page or filter change that lands on the same rows.
  const table = useMemo(
    () => (
      <table data-slot="table" aria-busy={state === "loading" || undefined}>
        <caption style={visuallyHidden}>{m.tableLabel}</caption>
        <thead>
          <tr>
            <th scope="col">{m.columnDescription}</th>
            <th scope="col">{m.columnKey}</th>
            <th scope="col">{m.columnStatus}</th>
            <th scope="col">{m.columnCreated}</th>
            <th scope="col">{m.columnExpires}</th>
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
          {state === "loading" ? (
            Array.from({ length: SKELETON_ROWS }, (_, row) => (
              <tr key={row} data-slot="skeleton-row" aria-hidden="true">
                {Array.from({ length: columns }, (_, cell) => (
                  <td key={cell} data-slot="cell">
                    <span data-slot="skeleton" />
                  </td>
                ))}
              </tr>
            ))
          ) : visible.length === 0 ? (
            <tr>
              <td colSpan={columns} data-slot="empty">
                {state === "empty" ? m.empty : m.noMatches}
              </td>
            </tr>
          ) : (
            visible.map(({ key, ...row }) => (
              <ApiKeyRow
                key={key.id}
                apiKey={key}
                status={row.status}
                now={ranked.at}
                ui={ui}
                showLastUsed={lastUsed}
                expiringSoon={row.soon}
                replacedBy={key.rolledToId ? ranked.byId.get(key.rolledToId) : undefined}
                replaces={key.rolledFromId ? ranked.byId.get(key.rolledFromId) : undefined}
                onRevoke={onRevoke}
                onRename={onRename}
                onRoll={key.rolledToId ? undefined : onRoll}
                usage={usageById ? (usageById.get(key.id) ?? NO_USE) : (usage as UsageState | undefined)}
                onDetails={onDetails}
              />
            ))
          )}
        </tbody>
      </table>
    ),
    [
      state,
      visible,
      columns,
      lastUsed,
      actions,
      onRevoke,
      onRename,
      onRoll,
      ui,
      m,
      ranked,
      usage,
      usageById,
      onDetails,
    ],
  );

  if (state === "not-allowed" || state === "error") {
    return (
      <div data-slot="api-key-table" data-state={state} className={className} {...rest}>
        {state === "not-allowed" ? (
          <p data-slot="api-keys-notice">
            {notAllowed === "not-enabled"
              ? m.notEnabled
              : ownerType === "team"
                ? m.notAllowedTeam
                : m.notAllowedUser}
          </p>
        ) : (
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
        )}
      </div>
    );
  }

  return (
    <div data-slot="api-key-table" data-state={state} className={className} {...rest}>
      <p role="status" style={visuallyHidden}>
        {state === "loading" ? m.loading : ""}
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
            {FILTERS.map((value) => (
              <Tabs.Trigger key={value} value={value} data-slot="tab">
                {m[FILTER_LABELS[value]]}
                {state === "loading" ? null : (
                  <>
                    {" "}
                    <span data-slot="count">{counts[value]}</span>
                  </>
                )}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <div data-slot="search">
            <label htmlFor={`${id}-search`} style={visuallyHidden}>
              {m.searchLabel}
            </label>
            <input
              id={`${id}-search`}
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
          <button
            type="button"
            data-slot="button"
            disabled={current === 0}
            data-disabled={current === 0 ? "" : undefined}
            onClick={() => setPage(current - 1)}
          >
            {m.previousPage}
          </button>
          <span aria-live="polite">{m.pageStatus(current + 1, pages)}</span>
          <button
            type="button"
            data-slot="button"
            disabled={current === pages - 1}
            data-disabled={current === pages - 1 ? "" : undefined}
            onClick={() => setPage(current + 1)}
          >
            {m.nextPage}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
