import { useId, useMemo, useState } from "react";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import type { ApiKey, ApiKeyOwner } from "../client/index.js";
import { useApiKeys } from "../hooks/index.js";
import { ApiKeyTable } from "./api-key-table.js";
import { CreateApiKeyDialog } from "./create-api-key-dialog.js";
import { notAllowedReason } from "./not-allowed.js";
import { RevokeApiKeyDialog } from "./revoke-api-key-dialog.js";
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
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const notAllowed = notAllowedReason(query.error) !== null;

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
          </div>
          {notAllowed ? null : <CreateApiKeyDialog owner={owner} onCreated={onCreated} />}
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
          onRevoke={(key) => {
            setFailure(null);
            setTarget(key);
            setRevokeOpen(true);
          }}
        />
        <RevokeApiKeyDialog
          owner={owner}
          apiKey={target}
          open={revokeOpen}
          onOpenChange={setRevokeOpen}
          onBeforeRevoke={onBeforeRevoke}
          onRevoked={(key) => {
            setAnnouncement(m.revoked(key.description));
            onRevoked?.(key);
          }}
          onRevokeError={(error, key) => setFailure(m.revokeFailed(key.description, error.message))}
        />
      </section>
    </ApiKeysUiContext.Provider>
  );
}
