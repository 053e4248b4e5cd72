import * as Dialog from "@radix-ui/react-dialog";
import type { ApiKeysUi } from "./ui-context.js";

/** A dialog form's Cancel and submit buttons; the submit one says so while pending and cannot be sent twice. */
export function FormActions({ ui, pending, label }: { ui: ApiKeysUi; pending: boolean; label: string }) {
  return (
    <div data-slot="dialog-actions">
      <Dialog.Close asChild>
        <button type="button" data-slot="button">
          {ui.messages.cancel}
        </button>
      </Dialog.Close>
      <button
        type="submit"
        data-slot="button"
        data-variant="primary"
        aria-disabled={pending || undefined}
        data-disabled={pending ? "" : undefined}
        data-pending={pending ? "" : undefined}
      >
        {label}
      </button>
    </div>
  );
}
