import { createContext, useContext, useMemo } from "react";
import type { CSSProperties } from "react";
import { defaultMessages } from "./messages.js";
import type { ApiKeysMessages } from "./messages.js";
import { useHydrated } from "./use-hydrated.js";

/** What every part needs to look and read alike; a panel provides it, a part used alone takes props. */
export interface ApiKeysUi {
  messages: ApiKeysMessages;
  locale: string | undefined;
  /** The time zone dates are shown in; undefined is the runtime's. */
  timeZone: string | undefined;
  /** A fixed clock for stories and tests; absent, parts read the time when they need it. */
  now: Date | undefined;
  unstyled: boolean;
  theme: string | undefined;
}

export interface ApiKeysUiProps {
  /** Any of the strings in `ApiKeysMessages`, to reword or translate. */
  messages?: Partial<ApiKeysMessages>;
  /** A BCP 47 locale for dates and relative times; default the runtime's. */
  locale?: string;
  /** Freezes "now" for relative times and expiry presets (stories, tests). */
  now?: Date;
  /** Leaves out the attribute the default stylesheet hooks onto. */
  unstyled?: boolean;
}

// Absent fields read as undefined: the runtime's locale and time zone, no fixed clock, no theme.
export const ApiKeysUiContext = createContext({ messages: defaultMessages, unstyled: false } as ApiKeysUi);

// Until hydrated, dates are written the same on any machine: the server's locale and time zone are rarely
// the browser's. English, as the default messages are; an app's own `locale` is used on both sides.
const SERVER_LOCALE = "en";
const SERVER_TIME_ZONE = "UTC";

export function useUi({ messages, locale, now, unstyled }: ApiKeysUiProps, theme?: string): ApiKeysUi {
  const parent = useContext(ApiKeysUiContext);
  const hydrated = useHydrated();
  return useMemo(
    () => ({
      messages: messages ? { ...parent.messages, ...messages } : parent.messages,
      locale: locale ?? parent.locale ?? (hydrated ? undefined : SERVER_LOCALE),
      timeZone: parent.timeZone ?? (hydrated ? undefined : SERVER_TIME_ZONE),
      now: now ?? parent.now,
      unstyled: unstyled ?? parent.unstyled,
      theme: theme ?? parent.theme,
    }),
    [parent, messages, locale, now, unstyled, theme, hydrated],
  );
}

/**
 * The attribute the stylesheet is scoped to. Dialogs render in a portal outside the panel, so their
 * content carries it too, along with the panel's theme.
 */
export function styleRoot(ui: ApiKeysUi): Record<string, string | undefined> {
  return ui.unstyled ? {} : { "data-rak": "", "data-theme": ui.theme };
}

/** Read by screen readers, not shown; inline so it holds in unstyled mode too. */
export const visuallyHidden: CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
};
