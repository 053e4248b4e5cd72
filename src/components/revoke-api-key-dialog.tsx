import { useState } from "react";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import type { ApiKey, ApiKeyOwner, ApiKeysError } from "../client/index.js";
import { useRevokeApiKey } from "../hooks/index.js";
import { ConfirmDialog } from "./confirm-dialog.js";
import { useUi } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import { useControllableState } from "./use-controllable-state.js";

export interface RevokeApiKeyDialogProps extends ComponentPropsWithoutRef<"div">, ApiKeysUiProps {
  owner: ApiKeyOwner;
  /** The key to revoke; the dialog shows nothing while it is null. */
  apiKey: ApiKey | null;
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  trigger?: ReactNode;
  /** Asked after the person confirmed and before the request; answer false to cancel the revoke. */
  onBeforeRevoke?: (key: ApiKey) => boolean | Promise<boolean>;
  onRevoked?: (key: ApiKey) => void;
  /** The server refused; the list has already rolled back to the key as it was. */
  onRevokeError?: (error: ApiKeysError, key: ApiKey) => void;
}

/**
 * Asks before revoking. The dialog closes on confirm and the list shows the key revoked at once
 * (the hook's optimistic update); if the server refuses, the list rolls back and `onRevokeError` says why.
 */
export function RevokeApiKeyDialog({
  owner,
  apiKey,
  open,
  defaultOpen = false,
  onOpenChange,
  trigger,
  onBeforeRevoke,
  onRevoked,
  onRevokeError,
  messages,
  locale,
  now,
  unstyled,
  className,
  ...rest
}: RevokeApiKeyDialogProps) {
  const ui = useUi({ messages, locale, now, unstyled });
  const m = ui.messages;
  const [isOpen, setOpen] = useControllableState(open, defaultOpen, onOpenChange);
  const [asking, setAsking] = useState(false);
  const revoke = useRevokeApiKey(owner, {
    onSuccess: (revoked) => onRevoked?.(revoked),
    onError: (error, key) => onRevokeError?.(error, key),
  });

  const confirm = async () => {
    if (!apiKey) return;
    let proceed = true;
    if (onBeforeRevoke) {
      setAsking(true);
      try {
        proceed = (await onBeforeRevoke(apiKey)) === true;
      } catch {
        proceed = false;
      }
      setAsking(false);
    }
    setOpen(false);
    if (proceed) revoke.mutate(apiKey);
  };

  return (
    <ConfirmDialog
      ui={ui}
      slot="revoke-api-key-dialog"
      className={className}
      {...rest}
      open={isOpen && apiKey !== null}
      onOpenChange={setOpen}
      trigger={trigger}
      title={m.revokeTitle}
      description={apiKey ? m.revokeDescription(apiKey.description, apiKey.value.lastFour) : null}
      cancelLabel={m.cancel}
      confirmLabel={asking ? m.revoking : m.revokeConfirm}
      onConfirm={confirm}
      pending={asking}
    />
  );
}
