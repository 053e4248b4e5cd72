import * as Dialog from "@radix-ui/react-dialog";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { withoutSecret } from "../client/index.js";
import type { ApiKey, ApiKeyFirstView, ApiKeyOwner } from "../client/index.js";
import { useApiKeysClient, useCreateApiKey } from "../hooks/index.js";
import { CreateApiKeyForm } from "./create-api-key-form.js";
import { ModalContent } from "./modal-content.js";
import { useRevealGuard } from "./reveal-guard.js";
import { SecretReveal } from "./secret-reveal.js";
import { ApiKeysUiContext, useUi, visuallyHidden } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import { useControllableState } from "./use-controllable-state.js";
import { useReturnFocus } from "./use-return-focus.js";

export interface CreateApiKeyDialogProps extends ComponentPropsWithoutRef<"div">, ApiKeysUiProps {
  owner: ApiKeyOwner;
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** The control that opens the dialog; default a "Create API key" button, `null` for none (controlled use). */
  trigger?: ReactNode;
  /**
   * Called once the server created the key, with its read form: `value` holds only the last four. The
   * whole key is shown in the dialog and nowhere else, so nothing an app keeps can leak it.
   */
  onCreated?: (key: ApiKey) => void;
}

/**
 * Create, then reveal: the same dialog moves to the one-time view of the key. Leaving the reveal before
 * the key was copied asks first, and closing it drops the key from the mutation cache (`reset()`).
 */
export function CreateApiKeyDialog({
  owner,
  open,
  defaultOpen = false,
  onOpenChange,
  trigger,
  onCreated,
  messages,
  locale,
  now,
  unstyled,
  className,
  ...rest
}: CreateApiKeyDialogProps) {
  const ui = useUi({ messages, locale, now, unstyled });
  const m = ui.messages;
  const client = useApiKeysClient();
  const [isOpen, setOpen] = useControllableState(open, defaultOpen, onOpenChange);
  const returnFocus = useReturnFocus();
  const create = useCreateApiKey(owner, {
    onSuccess: (created) => onCreated?.(readForm(client, created)),
  });
  // Read from the mutation, never copied into state: `reset()` then leaves no trace of the key.
  const revealed = create.data;

  const reveal = useRevealGuard(ui, {
    pending: create.isPending,
    revealed: revealed !== undefined,
    onLeave: () => {
      create.reset();
      setOpen(false);
    },
  });
  const requestOpenChange = (next: boolean) => (next ? setOpen(true) : reveal.requestLeave());

  return (
    <ApiKeysUiContext.Provider value={ui}>
      {/* Modal through ModalContent, not through Radix's `modal`. */}
      <Dialog.Root modal={false} open={isOpen} onOpenChange={requestOpenChange}>
        {trigger === null ? null : (
          <Dialog.Trigger asChild>
            {trigger ?? (
              <button type="button" data-slot="button" data-variant="primary">
                {m.createButton}
              </button>
            )}
          </Dialog.Trigger>
        )}
        <ModalContent
          ui={ui}
          data-slot="create-api-key-dialog"
          data-step={revealed ? "reveal" : "form"}
          data-pending={create.isPending ? "" : undefined}
          className={className}
          {...(revealed ? { "aria-describedby": undefined } : null)}
          {...rest}
          onOpenAutoFocus={returnFocus.onOpenAutoFocus}
          onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        >
          <Dialog.Title data-slot="dialog-title">{revealed ? m.revealTitle : m.createTitle}</Dialog.Title>
          {revealed ? (
            <SecretReveal
              value={revealed.value}
              onCopied={reveal.onCopied}
              onDone={() => requestOpenChange(false)}
            />
          ) : (
            <>
              <Dialog.Description data-slot="dialog-description">{m.createIntro}</Dialog.Description>
              <CreateApiKeyForm
                ui={ui}
                owner={owner}
                pending={create.isPending}
                error={create.error}
                onSubmit={(input) => create.mutate(input)}
              />
            </>
          )}
          <p role="status" style={visuallyHidden}>
            {revealed ? m.created(revealed.description) : ""}
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

function readForm(client: ReturnType<typeof useApiKeysClient>, created: ApiKeyFirstView): ApiKey {
  return client.apiKeyFromJSON(withoutSecret(created.toJSON()));
}
