// Loaded through Vite's SSR loader, so it renders with the same React the page hydrates with.
import type { DehydratedState } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { App } from "./app.js";

export { version } from "react";

export function renderApp(state: DehydratedState): string {
  return renderToString(<App state={state} />);
}
