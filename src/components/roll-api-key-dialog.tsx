import * as Dialog from "@radix-ui/react-dialog";
import { useCallback, useState } from "react";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { withoutSecret } from "../client/index.js";
import type { ApiKey, ApiKeyFirstView, ApiKeyOwner, ApiKeysError } from "../client/index.js";
import {
  useApiKeyExtensions,
  useApiKeysClient,
  useCreateApiKey,
  useRevokeApiKey,
  useRollApiKey,
} from "../hooks/index.js";
import { ModalContent } from "./modal-content.js";
import { useRevealGuard } from "./reveal-guard.js";
import { RollApiKeyForm } from "./roll-api-key-form.js";
import { SecretReveal } from "./secret-reveal.js";
import { ApiKeysUiContext, useUi, visuallyHidden } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import { useControllableState } from "./use-controllable-state.js";
import { useReturnFocus } from "./use-return-focus.js";

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
  const returnFocus = useReturnFocus();
  const readForm = (key: ApiKeyFirstView) => client.apiKeyFromJSON(withoutSecret(key.toJSON()));
  const roll = useRollApiKey(owner, {
    onSuccess: (rolled) => onRolled?.(readForm(rolled.apiKey), rolled.previous),
  });
  const create = useCreateApiKey(owner, {
    onSuccess: (created) => (apiKey ? onRolled?.(readForm(created), apiKey) : undefined),
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
  const requestOpenChange = (next: boolean) =>
    next ? setOpen(true) : asking ? finish() : reveal.requestLeave();
  const focusOnArrival = useCallback((button: HTMLButtonElement | null) => button?.focus(), []);

  const step = asking ? "ask" : revealed ? "reveal" : "form";
  return (
    <ApiKeysUiContext.Provider value={ui}>
      <Dialog.Root modal={false} open={isOpen && apiKey !== null} onOpenChange={requestOpenChange}>
        {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
        <ModalContent
          ui={ui}
          data-slot="roll-api-key-dialog"
          data-step={step}
          data-pending={pending ? "" : undefined}
          className={className}
          {...(step === "reveal" ? { "aria-describedby": undefined } : null)}
          {...rest}
          onOpenAutoFocus={returnFocus.onOpenAutoFocus}
          onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        >
          <Dialog.Title data-slot="dialog-title">
            {step === "ask" ? m.replaceAskTitle : step === "reveal" ? m.revealTitle : m.rollTitle}
          </Dialog.Title>
          {!apiKey ? null : step === "reveal" ? (
            <SecretReveal value={revealed!.value} onCopied={reveal.onCopied} onDone={reveal.requestLeave} />
          ) : step === "ask" ? (
            <>
              <Dialog.Description data-slot="dialog-description">
                {m.replaceAskDescription(apiKey.description, apiKey.value.lastFour)}
              </Dialog.Description>
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
          ) : (
            <>
              <Dialog.Description data-slot="dialog-description">
                {(server ? m.rollIntro : m.replaceIntro)(apiKey.description, apiKey.value.lastFour)}
              </Dialog.Description>
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
          <Dialog.Close data-slot="dialog-close" aria-label={m.close}>
            <span aria-hidden="true">×</span>
          </Dialog.Close>
          {reveal.guard}
        </ModalContent>
      </Dialog.Root>
    </ApiKeysUiContext.Provider>
  );
}
