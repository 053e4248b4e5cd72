import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import type { ApiKey, ApiKeyOwner, ApiKeysError } from "../client/index.js";
import {
  useApiKeyExtensions,
  useApiKeysClient,
  useCreateApiKey,
  useRevokeApiKey,
  useRollApiKey,
} from "../hooks/index.js";
import { readForm } from "./create-api-key-dialog.js";
import { Modal } from "./modal-content.js";
import { useRevealGuard } from "./reveal-guard.js";
import { RollApiKeyForm } from "./roll-api-key-form.js";
import { focusOnArrival, SecretReveal } from "./secret-reveal.js";
import { useUi, visuallyHidden } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import { useControllableState } from "./use-controllable-state.js";

export interface RollApiKeyDialogProps extends ComponentPropsWithoutRef<"div">, ApiKeysUiProps {
  owner: ApiKeyOwner;
  /** The key to replace; the dialog shows nothing while it is null. */
  apiKey: ApiKey | null;
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  trigger?: ReactNode;
  /**
   * Roll on the server (its `roll` extension, with an overlap), or, when false, replace on the core contract:
   * create a key with the same description and kind, then ask whether to revoke the old one. Default: as the
   * server announced in the owner's list.
   */
  serverRoll?: boolean;
  /** The new key (read form, last four only) and the old one as it now stands. */
  onRolled?: (key: ApiKey, previous: ApiKey) => void;
  /** After a replacement, the person chose to revoke the old key and the server confirmed it. */
  onRevoked?: (key: ApiKey) => void;
  onRevokeError?: (error: ApiKeysError, key: ApiKey) => void;
}

/**
 * Replaces a key: the new key's expiry and how long the old one keeps working, then the same one-time reveal
 * (and guard) as create. Without the server's `roll`, the replacement is made by create, and the dialog then
 * asks "Revoke the old key now?".
 */
export function RollApiKeyDialog({
  owner,
  apiKey,
  open,
  defaultOpen = false,
  onOpenChange,
  trigger,
  serverRoll,
  onRolled,
  onRevoked,
  onRevokeError,
  messages,
  locale,
  now,
  unstyled,
  className,
  ...rest
}: RollApiKeyDialogProps) {
  const ui = useUi({ messages, locale, now, unstyled });
  const m = ui.messages;
  const client = useApiKeysClient();
  const announced = useApiKeyExtensions(owner).data?.includes("roll") ?? false;
  const server = serverRoll ?? announced;
  const [isOpen, setOpen] = useControllableState(open, defaultOpen, onOpenChange);
  // Set once a replacement's key was left: the old key whose revoke is now asked about.
  const [asking, setAsking] = useState(false);
  const roll = useRollApiKey(owner, {
    onSuccess: (rolled) => onRolled?.(readForm(client, rolled.apiKey), rolled.previous),
  });
  const create = useCreateApiKey(owner, {
    onSuccess: (created) => (apiKey ? onRolled?.(readForm(client, created), apiKey) : undefined),
  });
  const revoke = useRevokeApiKey(owner, { onSuccess: onRevoked, onError: onRevokeError });
  // Read from the mutations, never copied into state: `reset()` leaves no trace of the key.
  const revealed = roll.data?.apiKey ?? create.data;
  const pending = roll.isPending || create.isPending;

  const finish = () => {
    roll.reset();
    create.reset();
    setAsking(false);
    setOpen(false);
  };
  const reveal = useRevealGuard(ui, {
    pending,
    revealed: revealed !== undefined,
    onLeave: () => {
      if (!create.data) return finish();
      create.reset();
      setAsking(true);
    },
  });

  const step = asking ? "ask" : revealed ? "reveal" : "form";
  const intro = (text: string) => (
    <Dialog.Description data-slot="dialog-description">{text}</Dialog.Description>
  );
  return (
    <Modal
      ui={ui}
      open={isOpen && apiKey !== null}
      onOpenChange={(next) => (next ? setOpen(true) : asking ? finish() : reveal.requestLeave())}
      trigger={trigger}
      title={asking ? m.replaceAskTitle : revealed ? m.revealTitle : m.rollTitle}
      closable
      data-slot="roll-api-key-dialog"
      data-step={step}
      data-pending={pending ? "" : undefined}
      className={className}
      {...(revealed && !asking ? { "aria-describedby": undefined } : null)}
      {...rest}
    >
      {!apiKey ? null : asking ? (
        <>
          {intro(m.replaceAskDescription(apiKey.description, apiKey.value.lastFour))}
          <div data-slot="dialog-actions">
            <button ref={focusOnArrival} type="button" data-slot="button" onClick={finish}>
              {m.keepBoth}
            </button>
            <button
              type="button"
              data-slot="button"
              data-variant="danger"
              onClick={() => {
                revoke.mutate(apiKey);
                finish();
              }}
            >
              {m.revokeNow}
            </button>
          </div>
        </>
      ) : revealed ? (
        <SecretReveal value={revealed.value} onCopied={reveal.onCopied} onDone={reveal.requestLeave} />
      ) : (
        <>
          {intro((server ? m.rollIntro : m.replaceIntro)(apiKey.description, apiKey.value.lastFour))}
          <RollApiKeyForm
            ui={ui}
            apiKey={apiKey}
            serverRoll={server}
            pending={pending}
            error={roll.error ?? create.error}
            onSubmit={(expiresAt, overlap) =>
              server
                ? roll.mutate({ id: apiKey.id, expiresAt, overlap })
                : create.mutate({ description: apiKey.description, expiresAt, isPublic: apiKey.isPublic })
            }
          />
        </>
      )}
      <p role="status" style={visuallyHidden}>
        {revealed && apiKey ? m.rolled(apiKey.description) : ""}
      </p>
      {reveal.guard}
    </Modal>
  );
}
