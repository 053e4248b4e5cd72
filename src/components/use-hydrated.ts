import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False on the server and while React hydrates what the server rendered, true from the next render on (and
 * at once when the page was not server-rendered). Parts render machine-independent text until then, so the
 * browser's first render matches the server's HTML, and switch to the browser's clock, locale and time zone
 * right after, without a mismatch.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
