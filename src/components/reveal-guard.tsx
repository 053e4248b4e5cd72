import { useState } from "react";
import { ConfirmDialog } from "./confirm-dialog.js";
import type { ApiKeysUi } from "./ui-context.js";

export interface RevealGuardOptions {
  /** A request in flight would reveal its key to nobody: leaving waits until it answers. */
  pending: boolean;
  /** A whole key is on screen. */
  revealed: boolean;
  /** Leaves the reveal (closes, or moves on); the caller drops the key here (`reset()`). */
  onLeave: () => void;
}

/**
 * The one-time reveal's guard, shared by create and roll: leaving before the key was copied asks first
 * ("Close without copying?"). `requestLeave` is every way out; `guard` is the question, to render inside the
 * dialog.
 */
export function useRevealGuard(ui: ApiKeysUi, { pending, revealed, onLeave }: RevealGuardOptions) {
  const m = ui.messages;
  const [copied, setCopied] = useState(false);
  const [asking, setAsking] = useState(false);
  const leave = () => {
    setAsking(false);
    setCopied(false);
    onLeave();
  };
  return {
    onCopied: () => setCopied(true),
    requestLeave: () => {
      if (pending) return;
      if (revealed && !copied) return setAsking(true);
      leave();
    },
    guard: (
      <ConfirmDialog
        ui={ui}
        slot="close-guard-dialog"
        open={asking}
        onOpenChange={setAsking}
        title={m.closeGuardTitle}
        description={m.closeGuardDescription}
        cancelLabel={m.closeGuardCancel}
        confirmLabel={m.closeGuardConfirm}
        onConfirm={leave}
      />
    ),
  };
}
