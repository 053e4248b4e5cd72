import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import type { KeyboardEvent, ReactNode } from "react";
import { createPortal } from "react-dom";
import { styleRoot } from "./ui-context.js";
import type { ApiKeysUi } from "./ui-context.js";

// A server render (React 18 warns there) has no layout to measure; the menu only opens in a browser anyway.
const useBrowserLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

export interface RowMenuItem {
  id: string;
  label: string;
  danger?: boolean;
  onSelect: () => void;
}

export interface RowMenuProps {
  ui: ApiKeysUi;
  /** The button's accessible name, e.g. "Actions for Deploy bot". */
  label: string;
  items: RowMenuItem[];
  /** Whose items these are (a key's id): an open menu closes when the row comes to show another key. */
  itemsFor: string;
  children?: ReactNode;
}

/**
 * A WAI-ARIA menu button, small enough to live in every row: the button opens a `role="menu"` of items that
 * arrow keys, Home, End and a first letter move through; Escape and Tab close it and focus goes back to the
 * button. The menu is placed under the button with fixed coordinates, since the table's scroll box would clip it.
 */
export function RowMenu({ ui, label, items, itemsFor, children }: RowMenuProps) {
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [opened, setOpen] = useState<false | { at: "first" | "last"; for: string }>(false);
  const open = opened && opened.for === itemsFor && opened.at;
  // Inside the table's root (outside its clipping scroll box) rather than on <body>, so the menu stays in the
  // panel's landmark and after the row's controls in the page's order.
  const [host, setHost] = useState<Element | null>(null);
  const openAt = (at: "first" | "last") => {
    setHost(buttonRef.current?.closest('[data-slot="api-key-table"]') ?? document.body);
    setOpen({ at, for: itemsFor });
  };
  const [place, setPlace] = useState({ top: 0, right: 0 });

  const itemsOf = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  useBrowserLayoutEffect(() => {
    if (!open) return;
    const placeMenu = () => {
      const box = buttonRef.current?.getBoundingClientRect();
      if (box) setPlace({ top: box.bottom + 4, right: document.documentElement.clientWidth - box.right });
    };
    placeMenu();
    const found = itemsOf();
    found[open === "last" ? found.length - 1 : 0]?.focus();
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside, true);
    window.addEventListener("scroll", placeMenu, true);
    window.addEventListener("resize", placeMenu);
    return () => {
      document.removeEventListener("pointerdown", outside, true);
      window.removeEventListener("scroll", placeMenu, true);
      window.removeEventListener("resize", placeMenu);
    };
    // Only on opening: focus moves to an item once, not on every render.
  }, [open !== false]);

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const found = itemsOf();
    const at = found.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => found[(index + found.length) % found.length]?.focus();
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(found.length - 1);
    else if (event.key === "Escape") close(true);
    else if (event.key === "Tab") return close(true);
    else if (event.key.length === 1 && /\S/.test(event.key)) {
      const letter = event.key.toLowerCase();
      const next = [...found.slice(at + 1), ...found.slice(0, at + 1)].find((item) =>
        item.textContent?.trim().toLowerCase().startsWith(letter),
      );
      next?.focus();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        id={`${id}-button`}
        data-slot="row-menu-button"
        data-state={open ? "open" : "closed"}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => (open ? close(false) : openAt("first"))}
        onKeyDown={(event) => {
          if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
          event.preventDefault();
          openAt(event.key === "ArrowUp" ? "last" : "first");
        }}
      >
        {children ?? <span aria-hidden="true">•••</span>}
      </button>
      {open && host
        ? createPortal(
            <div
              ref={menuRef}
              id={`${id}-menu`}
              role="menu"
              aria-labelledby={`${id}-button`}
              data-slot="row-menu"
              data-state="open"
              style={{ position: "fixed", top: place.top, right: place.right }}
              {...styleRoot(ui)}
              onKeyDown={onMenuKeyDown}
            >
              {items.map((item) => (
                <button
                  key={item.id}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  data-slot="row-menu-item"
                  data-variant={item.danger ? "danger" : undefined}
                  onClick={() => {
                    // Focus goes back to the button first, so a dialog the item opens returns it there.
                    close(true);
                    item.onSelect();
                  }}
                >
                  {item.label}
                </button>
              ))}
            </div>,
            host,
          )
        : null}
    </>
  );
}
