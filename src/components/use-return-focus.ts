import { useRef } from "react";

const ANCHORS = ['[data-slot="api-key-row"]', '[data-slot="api-keys-panel"]'];

/**
 * Sends focus back to whatever opened a dialog, even when no Radix `Trigger` did (a row's button, a
 * controlled `open`). Rows are reused by place, so an opener in a row is found again in its key's row,
 * wherever that is now. If that control is gone (a revoked key loses its Revoke button), focus goes to its
 * row, then to the panel, instead of being dropped on the page.
 */
export function useReturnFocus() {
  const anchors = useRef<Element[]>([]);
  const inRow = useRef<{ key: string; slot: string | null } | null>(null);
  return {
    onOpenAutoFocus: () => {
      // Radix calls this before it moves focus, so the active element is still the opener.
      const opener = document.activeElement;
      const key = opener?.closest("[data-key]")?.getAttribute("data-key");
      inRow.current = key ? { key, slot: opener!.getAttribute("data-slot") } : null;
      anchors.current =
        opener && opener !== document.body
          ? [opener, ...ANCHORS.map((selector) => opener.closest(selector)).filter((el) => el !== null)]
          : [];
    },
    onCloseAutoFocus: (event: Event) => {
      event.preventDefault();
      const row = inRow.current
        ? [...document.querySelectorAll("[data-key]")].find(
            (el) => el.getAttribute("data-key") === inRow.current!.key,
          )
        : undefined;
      const again = row && (row.querySelector(`[data-slot="${inRow.current!.slot}"]`) ?? row);
      const target = again ?? anchors.current.find((el) => el.isConnected);
      if (target instanceof HTMLElement) target.focus();
      anchors.current = [];
      inRow.current = null;
    },
  };
}
