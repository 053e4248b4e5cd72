import type { DehydratedState } from "@tanstack/react-query";
import { version } from "react";
import { hydrateRoot } from "react-dom/client";
import { App } from "./app.js";

declare global {
  interface Window {
    __STATE__: DehydratedState;
    __RECOVERED__: string[];
    __REACT__: string;
  }
}

window.__RECOVERED__ = [];
window.__REACT__ = version;
hydrateRoot(document.getElementById("root")!, <App state={window.__STATE__} />, {
  // Where React reports a mismatch it recovered from by rendering on the client (error #418 in production).
  onRecoverableError: (error) => window.__RECOVERED__.push(String(error)),
});
