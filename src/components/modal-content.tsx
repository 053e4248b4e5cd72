import * as Dialog from "@radix-ui/react-dialog";
import { FocusScope } from "@radix-ui/react-focus-scope";
import { hideOthers } from "aria-hidden";
import { forwardRef, useEffect, useRef } from "react";
import type { ComponentPropsWithoutRef, ReactNode, RefObject } from "react";
import { RemoveScroll } from "react-remove-scroll";
import { ApiKeysUiContext, styleRoot } from "./ui-context.js";
import type { ApiKeysUi } from "./ui-context.js";
import { useReturnFocus } from "./use-return-focus.js";

export interface ModalContentProps extends ComponentPropsWithoutRef<typeof Dialog.Content> {
  ui: ApiKeysUi;
}

/**
 * A Radix dialog's portal, backdrop and content, modal by the parts below rather than by `Dialog.Root`'s
 * `modal` (so the root is given `modal={false}`). Radix's modal mode also sets `pointer-events: none` on
 * `<body>` and hides the page's scroll bar with a stylesheet and a custom property on `<body>`: each makes
 * the browser restyle every element of the page when a dialog opens and again when it closes, a cost that
 * grows with the app around the panel. Here the backdrop takes the pointer instead, and the scroll bar stays.
 * What a person gets is the same: focus held inside, the rest of the page hidden from assistive technology
 * and out of reach, no page scrolling, Escape and a click outside handled by the dialog.
 */
export function ModalContent({ ui, onPointerDownOutside, onFocusOutside, ...props }: ModalContentProps) {
  const contentRef = useRef<HTMLDivElement>(null);
  return (
    <Dialog.Portal>
      <ModalBackdrop ui={ui} contentRef={contentRef} />
      {/* Radix's own focus scope is not trapped outside modal mode; this one is, and moves no focus itself. */}
      <FocusScope asChild trapped loop onMountAutoFocus={prevent} onUnmountAutoFocus={prevent}>
        <Dialog.Content
          ref={contentRef}
          aria-modal="true"
          {...styleRoot(ui)}
          {...props}
          onPointerDownOutside={(event) => {
            onPointerDownOutside?.(event);
            // As Radix's modal mode: a right click beside the dialog does not close it.
            const { button, ctrlKey } = event.detail.originalEvent;
            if (button === 2 || (button === 0 && ctrlKey)) event.preventDefault();
          }}
          onFocusOutside={(event) => {
            onFocusOutside?.(event);
            event.preventDefault();
          }}
        />
      </FocusScope>
    </Dialog.Portal>
  );
}

const prevent = (event: Event) => event.preventDefault();

export interface ModalProps extends Omit<ModalContentProps, "title"> {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger?: ReactNode;
  title: ReactNode;
  /** Adds the × button. */
  closable?: boolean;
}

/**
 * A whole dialog of the panels: root, trigger, modal content with its title, focus sent back to the opener on
 * closing, and the panel's look and wording for what it holds.
 */
export function Modal({
  ui,
  open,
  onOpenChange,
  trigger,
  title,
  closable,
  children,
  onOpenAutoFocus,
  ...props
}: ModalProps) {
  const returnFocus = useReturnFocus();
  return (
    <ApiKeysUiContext.Provider value={ui}>
      {/* Modal through ModalContent, not through Radix's `modal`. */}
      <Dialog.Root modal={false} open={open} onOpenChange={onOpenChange}>
        {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
        <ModalContent
          ui={ui}
          {...props}
          onOpenAutoFocus={(event) => {
            returnFocus.onOpenAutoFocus();
            onOpenAutoFocus?.(event);
          }}
          onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        >
          <Dialog.Title data-slot="dialog-title">{title}</Dialog.Title>
          {children}
          {closable ? (
            <Dialog.Close data-slot="dialog-close" aria-label={ui.messages.close}>
              <span aria-hidden="true">×</span>
            </Dialog.Close>
          ) : null}
        </ModalContent>
      </Dialog.Root>
    </ApiKeysUiContext.Provider>
  );
}

interface ModalBackdropProps {
  ui: ApiKeysUi;
  contentRef: RefObject<HTMLElement | null>;
}

/**
 * The backdrop: it covers the page, takes its pointer events, and stops wheel and touch scrolling there.
 * Radix's portal hands its child a ref (to watch it animate), so the backdrop forwards it to its element:
 * React 18 has no refs on plain function components, and React 19 would drop it as an unknown prop.
 */
const ModalBackdrop = forwardRef<HTMLDivElement, ModalBackdropProps>(function ModalBackdrop(
  { ui, contentRef },
  ref,
) {
  // The rest of the page is hidden from assistive technology while the dialog is open.
  useEffect(() => (contentRef.current ? hideOthers(contentRef.current) : undefined), [contentRef]);
  return (
    <RemoveScroll ref={ref} forwardProps removeScrollBar={false} allowPinchZoom shards={[contentRef]}>
      <div
        data-slot="dialog-overlay"
        data-state="open"
        style={{ pointerEvents: "auto" }}
        {...styleRoot(ui)}
      />
    </RemoveScroll>
  );
});
