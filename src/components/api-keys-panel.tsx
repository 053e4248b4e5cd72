import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState } from "react";
import type { ComponentPropsWithoutRef, ReactNode, Ref } from "react";
import type { ApiKey, ApiKeyOwner, ApiKeysError } from "../client/index.js";
import { useApiKeyExtensions, useApiKeys, useApiKeyUsage, useUpdateApiKey } from "../hooks/index.js";
import { PanelDetails } from "./api-key-details-dialog.js";
import { ApiKeyTable } from "./api-key-table.js";
import { EXPIRING_SOON_DAYS, isExpiringSoon } from "./format.js";
import { CreateApiKeyDialog } from "./create-api-key-dialog.js";
import { EditScopesDialog } from "./edit-scopes-dialog.js";
import { notAllowedReason } from "./not-allowed.js";
import { RevokeApiKeyDialog } from "./revoke-api-key-dialog.js";
import { RollApiKeyDialog } from "./roll-api-key-dialog.js";
import { ApiKeysUiContext, styleRoot, useUi, visuallyHidden } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import { useHydrated } from "./use-hydrated.js";

export interface ApiKeysPanelProps
  extends Omit<ComponentPropsWithoutRef<"section">, "title">, ApiKeysUiProps {
  owner: ApiKeyOwner;
  /** Replaces the heading ("API keys"). */
  title?: ReactNode;
  /** Replaces the sentence under the heading. */
  description?: ReactNode;
  /**
   * A key was created. It arrives in its read form, with only its last four: the whole key is shown in the
   * reveal step and never handed on, so no app state or log can keep it.
   */
  onCreated?: (key: ApiKey) => void;
  /** The server confirmed a revoke. */
  onRevoked?: (key: ApiKey) => void;
  /** Asked after the person confirmed a revoke, before it is sent; answer false to cancel it. */
  onBeforeRevoke?: (key: ApiKey) => boolean | Promise<boolean>;
  /** Rows per page; default 10. */
  pageSize?: number;
  /** Default: shown when the server reports last use for any key. */
  showLastUsed?: boolean;
  /** An active key expiring within this many days is flagged, filtered and counted; default 7. */
  expiringSoonDays?: number;
  /** The server confirmed a rename. */
  onRenamed?: (key: ApiKey) => void;
  /**
   * A key was rolled (or, on a server without `roll`, a replacement created): the new key in its read form,
   * and the old one.
   */
  onRolled?: (key: ApiKey, previous: ApiKey) => void;
}

/** One owner's keys: the list, creating a key with its one-time reveal, and revoking. */
export function ApiKeysPanel({
  owner,
  title,
  description,
  onCreated,
  onRevoked,
  onBeforeRevoke,
  pageSize,
  showLastUsed,
  expiringSoonDays = EXPIRING_SOON_DAYS,
  onRenamed,
  onRolled,
  messages,
  locale,
  now,
  unstyled,
  className,
  ...rest
}: ApiKeysPanelProps) {
  const theme = (rest as Record<string, unknown>)["data-theme"];
  const query = useApiKeys(owner);
  // A list prefetched on a server is dated there and then ("5 seconds ago"); until hydrated the browser
  // counts from the same moment, the time the server fetched it, which came along with the data.
  const hydrated = useHydrated();
  const fetchedAt = hydrated || !query.dataUpdatedAt ? undefined : query.dataUpdatedAt;
  const serverNow = useMemo(() => (fetchedAt === undefined ? undefined : new Date(fetchedAt)), [fetchedAt]);
  const ui = useUi(
    { messages, locale, now: now ?? serverNow, unstyled },
    typeof theme === "string" ? theme : undefined,
  );
  const m = ui.messages;
  const titleId = useId();
  const [target, setTarget] = useState<ApiKey | null>(null);
  const [revokeOpen, setRevokeOpen] = useState(false);
  const [rollOpen, setRollOpen] = useState(false);
  const showDetails = useRef<(key: ApiKey) => void>(null);
  // One request for every key's 30 days, asked a frame after the rows arrived: even an instant answer (a server
  // in the page, a warm cache) never holds back their first paint; the charts fill in after.
  const [rowsShown, setRowsShown] = useState(false);
  const listed = query.data !== undefined;
  useEffect(() => {
    if (!listed || rowsShown) return;
    const frame = requestAnimationFrame(() => setRowsShown(true));
    return () => cancelAnimationFrame(frame);
  }, [listed, rowsShown]);
  const usage = useApiKeyUsage(owner, { enabled: rowsShown });
  const showCreate = useRef<(open: boolean) => void>(null);
  const [scopesOpen, setScopesOpen] = useState(false);
  const extensions = useApiKeyExtensions(owner).data;
  const scopes = extensions?.includes("scopes");
  const hasUsage = extensions?.includes("usage");
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const notAllowed = notAllowedReason(query.error) !== null;
  const rename = useUpdateApiKey(owner, {
    onSuccess: (key) => {
      setAnnouncement(m.renamed(key.description));
      onRenamed?.(key);
    },
    onError: (error, { key }) => setFailure(m.renameFailed(key.description, error.message)),
  });
  const revoked = (key: ApiKey) => {
    setAnnouncement(m.revoked(key.description));
    onRevoked?.(key);
  };
  const revokeFailed = (error: ApiKeysError, key: ApiKey) =>
    setFailure(m.revokeFailed(key.description, error.message));
  const expiring = useMemo(
    () =>
      query.data?.filter((key) => isExpiringSoon(key, ui.now ?? new Date(), expiringSoonDays)).length ?? 0,
    [query.data, ui.now, expiringSoonDays],
  );

  return (
    <ApiKeysUiContext.Provider value={ui}>
      <section
        data-slot="api-keys-panel"
        aria-labelledby={titleId}
        tabIndex={-1}
        className={className}
        {...styleRoot(ui)}
        {...rest}
      >
        <header data-slot="api-keys-header">
          <div>
            <h2 id={titleId} data-slot="api-keys-title">
              {title ?? m.title}
            </h2>
            <p data-slot="api-keys-description">
              {description ?? (owner.type === "team" ? m.teamDescription : m.userDescription)}
            </p>
            {expiring ? (
              <p data-slot="api-keys-expiring" data-state="expiring">
                {m.expiringSoonSummary(expiring, expiringSoonDays)}
              </p>
            ) : null}
          </div>
          {notAllowed ? null : <PanelCreate owner={owner} onCreated={onCreated} show={showCreate} />}
        </header>
        {failure ? (
          <p role="alert" data-slot="api-keys-notice" data-variant="error">
            {failure}
          </p>
        ) : null}
        <p role="status" style={visuallyHidden}>
          {announcement}
        </p>
        <ApiKeyTable
          keys={query.data}
          isLoading={query.isPending}
          error={query.error}
          onRetry={() => void query.refetch()}
          isRetrying={query.isFetching}
          ownerType={owner.type}
          pageSize={pageSize}
          showLastUsed={showLastUsed}
          expiringSoonDays={expiringSoonDays}
          onRename={(key, next) => {
            setFailure(null);
            rename.mutate({ key, description: next });
          }}
          onRevoke={(key) => {
            setFailure(null);
            setTarget(key);
            setRevokeOpen(true);
          }}
          onRoll={(key) => {
            setFailure(null);
            setTarget(key);
            setRollOpen(true);
          }}
          usage={hasUsage ? (usage.data ?? (usage.isError ? "error" : "pending")) : undefined}
          onDetails={(key) => showDetails.current?.(key)}
          onCreate={() => showCreate.current?.(true)}
          onEditScopes={
            scopes
              ? (key) => {
                  setTarget(key);
                  setScopesOpen(true);
                }
              : undefined
          }
        />
        <EditScopesDialog
          ui={ui}
          owner={owner}
          apiKey={target}
          open={scopesOpen}
          onOpenChange={setScopesOpen}
        />
        <PanelDetails owner={owner} show={showDetails} />
        <RollApiKeyDialog
          owner={owner}
          apiKey={target}
          open={rollOpen}
          onOpenChange={setRollOpen}
          onRolled={onRolled}
          onRevoked={revoked}
          onRevokeError={revokeFailed}
        />
        <RevokeApiKeyDialog
          owner={owner}
          apiKey={target}
          open={revokeOpen}
          onOpenChange={setRevokeOpen}
          onBeforeRevoke={onBeforeRevoke}
          onRevoked={revoked}
          onRevokeError={revokeFailed}
        />
      </section>
    </ApiKeysUiContext.Provider>
  );
}

/** Create, holding its own open state: opening it renders the dialog, not the panel and every row again. */
function PanelCreate({
  show,
  ...props
}: Pick<ApiKeysPanelProps, "owner" | "onCreated"> & { show: Ref<(open: boolean) => void> }) {
  const [open, setOpen] = useState(false);
  useImperativeHandle(show, () => setOpen);
  return <CreateApiKeyDialog {...props} open={open} onOpenChange={setOpen} />;
}
