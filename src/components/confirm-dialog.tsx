import * as Dialog from "@radix-ui/react-dialog";
import { useRef } from "react";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { ModalContent } from "./modal-content.js";
import type { ApiKeysUi } from "./ui-context.js";
import { useReturnFocus } from "./use-return-focus.js";

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
  ui,
  slot,
  open,
  onOpenChange,
  trigger,
  title,
  description,
  cancelLabel,
  confirmLabel,
  onConfirm,
  pending = false,
  ...rest
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useReturnFocus();
  return (
    // Modal through ModalContent, not through Radix's `modal`.
    <Dialog.Root
      modal={false}
      open={open}
      onOpenChange={(next) => (pending && !next ? undefined : onOpenChange(next))}
    >
      {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
      <ModalContent
        ui={ui}
        role="alertdialog"
        data-slot={slot}
        data-pending={pending ? "" : undefined}
        {...rest}
        onOpenAutoFocus={(event) => {
          returnFocus.onOpenAutoFocus();
          event.preventDefault();
          cancelRef.current?.focus();
        }}
        onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        onPointerDownOutside={(event) => event.preventDefault()}
      >
        <Dialog.Title data-slot="dialog-title">{title}</Dialog.Title>
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
            data-pending={pending ? "" : undefined}
            aria-disabled={pending || undefined}
            onClick={pending ? undefined : onConfirm}
          >
            {confirmLabel}
          </button>
        </div>
      </ModalContent>
    </Dialog.Root>
  );
}
