import type { RefObject } from "react";
import { RemoveScroll } from "react-remove-scroll";
import { styleRoot } from "./ui-context.js";
import type { ApiKeysUi } from "./ui-context.js";

export interface DialogOverlayProps {
  ui: ApiKeysUi;
  /** The dialog's content: the one place wheel and touch scrolling still reach while the page is locked. */
  contentRef: RefObject<HTMLElement | null>;
}

/**
 * The backdrop behind a dialog, and the page's scroll lock. Radix's own overlay also hides the page's
 * scroll bar, by adding a stylesheet and a custom property on `<body>`, which restyles every element of the
 * page when a dialog opens and closes and shifts the page by the bar's width. This one keeps the bar and
 * stops wheel and touch scrolling outside the dialog instead; keyboard scrolling is already held by the
 * dialog's focus trap.
 */
export function DialogOverlay({ ui, contentRef }: DialogOverlayProps) {
  return (
    <RemoveScroll forwardProps removeScrollBar={false} allowPinchZoom shards={[contentRef]}>
      <div
        data-slot="dialog-overlay"
        data-state="open"
        style={{ pointerEvents: "auto" }}
        {...styleRoot(ui)}
      />
    </RemoveScroll>
  );
}
