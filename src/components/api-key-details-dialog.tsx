import { Fragment, useImperativeHandle, useState } from "react";
import type { ComponentPropsWithoutRef, ReactNode, Ref } from "react";
import type { ApiKey, ApiKeyOwner } from "../client/index.js";
import { useApiKeyExtensions, useApiKeyUsage } from "../hooks/index.js";
import { formatMoment, keyStatus } from "./format.js";
import { LeakNotice } from "./leak-notice.js";
import { Modal } from "./modal-content.js";
import { useUi } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import { UsageChart } from "./usage-chart.js";
import { useControllableState } from "./use-controllable-state.js";

export interface ApiKeyDetailsDialogProps extends ComponentPropsWithoutRef<"div">, ApiKeysUiProps {
  owner: ApiKeyOwner;
  /** The key to show; the dialog shows nothing while it is null. */
  apiKey: ApiKey | null;
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
}

const DAYS = 30;
// Each outcome and the message that names it: refusals of a revoked or expired key read as its status.
const OUTCOMES = [
  ["ok", "outcomeOk"],
  ["revoked", "statusRevoked"],
  ["expired", "statusExpired"],
  ["insufficientScope", "outcomeInsufficientScope"],
  ["rateLimited", "outcomeRateLimited"],
] as const;
const STATUS_LABELS = { active: "statusActive", expired: "statusExpired", revoked: "statusRevoked" } as const;

/**
 * A key's details: kind, status, created, expires and last use, and, where the server has `usage`, its last
 * 30 days as a chart and as a count per outcome. It reads the usage query the panel already holds.
 */
export function ApiKeyDetailsDialog({
  owner,
  apiKey,
  open,
  defaultOpen = false,
  onOpenChange,
  messages,
  locale,
  now,
  unstyled,
  ...rest
}: ApiKeyDetailsDialogProps) {
  const ui = useUi({ messages, locale, now, unstyled });
  const m = ui.messages;
  const [isOpen, setOpen] = useControllableState(open, defaultOpen, onOpenChange);
  const announced = useApiKeyExtensions(owner).data?.includes("usage");
  // What the panel's rows already fetched: opening Details asks again only if nothing is there yet.
  const usage = useApiKeyUsage(owner, { days: DAYS, enabled: isOpen, staleTime: Infinity });
  const days = usage.data
    ? (usage.data.find((item) => item.id === apiKey?.id)?.days ?? [])
    : usage.isError
      ? "error"
      : "pending";
  const at = ui.now ?? new Date();
  const moment = (date: Date | undefined) => {
    if (!date) return m.never;
    const { iso, full, relative } = formatMoment(date, at, ui.locale, ui.timeZone);
    return <time dateTime={iso}>{`${full} (${relative})`}</time>;
  };
  const status = apiKey && keyStatus(apiKey, at);
  const rows: [string, ReactNode][] = apiKey
    ? [
        [m.columnKey, `${apiKey.isPublic ? "pk" : "sk"}_••••${apiKey.value.lastFour}`],
        [
          m.columnStatus,
          // Found in public: where, without the row's next step (the dialog is for reading). A notice of a
          // revocation for the leak says "Revoked" itself.
          <>
            {apiKey.revokedReason != "leak" && m[STATUS_LABELS[status!]] + (apiKey.leakedAt ? " " : "")}
            {apiKey.leakedAt && <LeakNotice apiKey={apiKey} ui={ui} active={false} />}
          </>,
        ],
        [m.columnCreated, moment(apiKey.createdAt)],
        [m.columnExpires, moment(apiKey.expiresAt)],
        [m.columnLastUsed, moment(apiKey.lastUsedAt)],
      ]
    : [];

  return (
    <Modal
      ui={ui}
      open={isOpen && apiKey !== null}
      onOpenChange={setOpen}
      title={m.detailsTitle(apiKey?.description ?? "")}
      closable
      data-slot="api-key-details-dialog"
      aria-describedby={undefined}
      {...rest}
    >
      <dl data-slot="details">
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {announced ? (
        <section data-slot="details-usage">
          <h3>{m.usageDays(DAYS)}</h3>
          <UsageChart ui={ui} usage={days} days={DAYS} />
          {typeof days === "string" ? null : (
            <table data-slot="table">
              <thead>
                <tr>
                  <th scope="col">{m.outcomeColumn}</th>
                  <th scope="col">{m.checksColumn}</th>
                </tr>
              </thead>
              <tbody>
                {OUTCOMES.map(([field, label]) => (
                  <tr key={field}>
                    <th scope="row">{m[label]}</th>
                    <td>{days.reduce((sum, day) => sum + day[field], 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </Modal>
  );
}

/** The panel's Details, holding its own state: opening it renders the dialog, not the panel and its rows. */
export function PanelDetails({ owner, show }: { owner: ApiKeyOwner; show: Ref<(key: ApiKey) => void> }) {
  const [apiKey, setApiKey] = useState<ApiKey | null>(null);
  const [open, setOpen] = useState(false);
  useImperativeHandle(show, () => (key) => {
    setApiKey(key);
    setOpen(true);
  });
  return <ApiKeyDetailsDialog owner={owner} apiKey={apiKey} open={open} onOpenChange={setOpen} />;
}
