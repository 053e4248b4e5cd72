// React 18 for the suites that run on it too: the tests/react18 workspace installs it beside (not over) the
// React 19 everything else uses, and these aliases point every import of React at it.
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../react18/node_modules/", import.meta.url));

export const react18Alias = [
  { find: /^react$/, replacement: `${root}react` },
  { find: /^react\/(.*)$/, replacement: `${root}react/$1` },
  { find: /^react-dom$/, replacement: `${root}react-dom` },
  { find: /^react-dom\/(.*)$/, replacement: `${root}react-dom/$1` },
];

/**
 * The packages that import React. Node would load them itself and find React 19 beside them, so they go
 * through Vite instead, where the aliases apply.
 */
export const importsReact = [
  /@tanstack\/react-query/,
  /@radix-ui\//,
  /react-remove-scroll/,
  /react-style-singleton/,
  /use-callback-ref/,
  /use-sidecar/,
];
