import { useRef } from "react";

const ANCHORS = ['[data-slot="api-key-row"]', '[data-slot="api-keys-panel"]'];

/**
 * Sends focus back to whatever opened a dialog, even when no Radix `Trigger` did (a row's button, a
 * controlled `open`). If that control is gone (a revoked key loses its Revoke button), focus goes to its
 * row, then to the panel, instead of being dropped on the page.
 */
export function useReturnFocus() {
  const anchors = useRef<Element[]>([]);
  return {
    onOpenAutoFocus: () => {
      // Radix calls this before it moves focus, so the active element is still the opener.
      const opener = document.activeElement;
      anchors.current =
        opener && opener !== document.body
          ? [opener, ...ANCHORS.map((selector) => opener.closest(selector)).filter((el) => el !== null)]
          : [];
    },
    onCloseAutoFocus: (event: Event) => {
      event.preventDefault();
      const target = anchors.current.find((el) => el.isConnected);
      if (target instanceof HTMLElement) target.focus();
      anchors.current = [];
    },
  };
}
