import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import type { ApiKey, ApiKeyOwner } from "../client/index.js";
import { useUpdateApiKey } from "../hooks/index.js";
import { FormActions } from "./form-actions.js";
import { Modal } from "./modal-content.js";
import { ScopeChecklist, useScopes } from "./scope-picker.js";
import type { ApiKeysUi } from "./ui-context.js";

export interface EditScopesDialogProps {
  ui: ApiKeysUi;
  owner: ApiKeyOwner;
  apiKey: ApiKey | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Narrows a key from its row: the checklist holds only what the key may do now, so it can only shrink. */
export function EditScopesDialog({ ui, owner, apiKey, open, onOpenChange }: EditScopesDialogProps) {
  return (
    <Modal
      ui={ui}
      open={open && apiKey !== null}
      onOpenChange={onOpenChange}
      title={ui.messages.editScopesAction}
      closable
      data-slot="edit-scopes-dialog"
    >
      {apiKey ? (
        <EditScopesForm ui={ui} owner={owner} apiKey={apiKey} close={() => onOpenChange(false)} />
      ) : null}
    </Modal>
  );
}

// Mounted with each opening, so every edit starts from the key as it is.
function EditScopesForm({
  ui,
  owner,
  apiKey,
  close,
}: Omit<EditScopesDialogProps, "open" | "onOpenChange"> & {
  apiKey: ApiKey;
  close: () => void;
}) {
  const m = ui.messages;
  const [, query] = useScopes(owner);
  const update = useUpdateApiKey(owner);
  // Untouched (null), everything offered stays checked.
  const [value, setValue] = useState<string[] | null>(null);
  const offered = apiKey.scopes ?? query.data?.items.map((scope) => scope.id) ?? [];
  const checked = value ?? offered;
  const [submitted, setSubmitted] = useState(false);
  return (
    <form
      data-slot="edit-scopes-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setSubmitted(true);
        if (update.isPending || !checked.length) return;
        if (checked.length === offered.length) return close();
        update.mutate({ key: apiKey, scopes: checked }, { onSuccess: close });
      }}
    >
      <Dialog.Description data-slot="dialog-description">
        {m.editScopesIntro(apiKey.description)}
      </Dialog.Description>
      <ScopeChecklist
        ui={ui}
        query={query}
        only={offered}
        value={checked}
        onValueChange={setValue}
        showErrors={submitted}
      />
      {update.error ? (
        <p role="alert" data-slot="form-error">
          {m.editScopesFailed(update.error.message)}
        </p>
      ) : null}
      <FormActions ui={ui} pending={update.isPending} label={update.isPending ? m.saving : m.save} />
    </form>
  );
}
