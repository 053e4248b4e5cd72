import { within } from "storybook/test";

/** Dialogs render in a portal on the body, outside the story's canvas. */
export const page = (canvasElement: HTMLElement) => within(canvasElement.ownerDocument.body);

/** The table's body rows, by the `data-slot` the stylesheet and tests share. */
export function rows(canvasElement: HTMLElement): HTMLElement[] {
  return [...canvasElement.querySelectorAll<HTMLElement>('[data-slot="api-key-row"]')];
}
