import * as Dialog from "@radix-ui/react-dialog";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { withoutSecret } from "../client/index.js";
import type { ApiKey, ApiKeyFirstView, ApiKeyOwner } from "../client/index.js";
import { useApiKeysClient, useCreateApiKey } from "../hooks/index.js";
import type { AnyApiKeysClient } from "../hooks/index.js";
import { CreateApiKeyForm } from "./create-api-key-form.js";
import { Modal } from "./modal-content.js";
import { useRevealGuard } from "./reveal-guard.js";
import { SecretReveal } from "./secret-reveal.js";
import { useUi, visuallyHidden } from "./ui-context.js";
import type { ApiKeysUiProps } from "./ui-context.js";
import { useControllableState } from "./use-controllable-state.js";

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

  return (
    <Modal
      ui={ui}
      open={isOpen}
      onOpenChange={(next) => (next ? setOpen(true) : reveal.requestLeave())}
      trigger={
        trigger === undefined ? (
          <button type="button" data-slot="button" data-variant="primary">
            {m.createButton}
          </button>
        ) : (
          trigger
        )
      }
      title={revealed ? m.revealTitle : m.createTitle}
      closable
      data-slot="create-api-key-dialog"
      data-step={revealed ? "reveal" : "form"}
      data-pending={create.isPending ? "" : undefined}
      className={className}
      {...(revealed ? { "aria-describedby": undefined } : null)}
      {...rest}
    >
      {revealed ? (
        <SecretReveal value={revealed.value} onCopied={reveal.onCopied} onDone={reveal.requestLeave} />
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
      {reveal.guard}
    </Modal>
  );
}

/** The read form of a new key: what callbacks get, with only the last four. */
export function readForm(client: AnyApiKeysClient, created: ApiKeyFirstView): ApiKey {
  return client.apiKeyFromJSON(withoutSecret(created.toJSON()));
}
