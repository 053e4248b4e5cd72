import * as Dialog from "@radix-ui/react-dialog";
import { useRef } from "react";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { Modal } from "./modal-content.js";
import type { ApiKeysUi } from "./ui-context.js";

export interface ConfirmDialogProps extends Omit<ComponentPropsWithoutRef<"div">, "title"> {
  ui: ApiKeysUi;
  slot: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger?: ReactNode;
  title: ReactNode;
  description: ReactNode;
  cancelLabel: string;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
}

/**
 * An alert dialog over Radix Dialog: it asks before something that cannot be taken back, so focus starts
 * on the safe choice and a click beside it does nothing.
 */
export function ConfirmDialog({
  slot,
  onOpenChange,
  description,
  cancelLabel,
  confirmLabel,
  onConfirm,
  pending = false,
  ...rest
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const busy = pending ? "" : undefined;
  return (
    <Modal
      role="alertdialog"
      data-slot={slot}
      data-pending={busy}
      {...rest}
      onOpenChange={(next) => (pending && !next ? undefined : onOpenChange(next))}
      onOpenAutoFocus={(event) => {
        event.preventDefault();
        cancelRef.current?.focus();
      }}
      onPointerDownOutside={(event) => event.preventDefault()}
    >
      <Dialog.Description data-slot="dialog-description">{description}</Dialog.Description>
      <div data-slot="dialog-actions">
        <Dialog.Close asChild>
          <button ref={cancelRef} type="button" data-slot="button" disabled={pending}>
            {cancelLabel}
          </button>
        </Dialog.Close>
        <button
          type="button"
          data-slot="button"
          data-variant="danger"
          data-pending={busy}
          aria-disabled={pending || undefined}
          onClick={pending ? undefined : onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
