import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import dts from "vite-plugin-dts";
import { storybookProject } from "./.storybook/vitest.project.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { importsReact, react18Alias } from "./tests/support/react18.js";

/**
 * Ships the panels' stylesheet as-is, as `react-api-keys/styles.css`, so importing it stays opt-in; with a
 * declaration, because TypeScript 7 checks side-effect imports (`noUncheckedSideEffectImports` is on by
 * default) and answers TS2882 for a stylesheet it cannot find types for.
 */
const stylesheet: Plugin = {
  name: "react-api-keys-stylesheet",
  apply: "build",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "styles.css", source: readFileSync("src/styles.css", "utf8") });
    this.emitFile({
      type: "asset",
      fileName: "styles.css.d.ts",
      source:
        '// The stylesheet exports nothing; this lets TypeScript check `import "react-api-keys/styles.css"`.\nexport {};\n',
    });
  },
};

// Everything the package depends on stays an import, for the app's bundler to resolve once.
const manifest = JSON.parse(readFileSync("package.json", "utf8")) as Record<string, Record<string, string>>;
const external = [
  ...[...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})].map(
    (name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|/)`),
  ),
  /^node:/,
];

// The dom tests once more on React 18. Testing Library's main build is CommonJS, whose requires Node
// resolves past any alias, so its ES build is named.
const testingLibraryEs = fileURLToPath(
  new URL("node_modules/@testing-library/react/dist/@testing-library/react.esm.js", import.meta.url),
);

export default defineConfig({
  plugins: [
    react(),
    stylesheet,
    dts({
      include: ["src"],
      exclude: ["**/*.test.*"],
      entryRoot: "src",
      // A declaration it cannot write is left out silently otherwise, and the package's types break.
      afterDiagnostic: (diagnostics) => {
        if (diagnostics.length) throw new Error(`${diagnostics.length} declaration error(s): see above`);
      },
    }),
  ],
  build: {
    target: "es2022",
    minify: false,
    sourcemap: true,
    lib: {
      entry: {
        index: "src/index.ts",
        query: "src/query.ts",
        "client/index": "src/client/index.ts",
        "server/index": "src/server/index.ts",
        "server/node": "src/server/node.ts",
        "server/jwt": "src/server/jwt.ts",
      },
      formats: ["es"],
    },
    rollupOptions: {
      external,
      output: { preserveModules: false, chunkFileNames: "chunks/[name]-[hash].js" },
    },
  },
  test: {
    // Two cores shared with PGlite's WebAssembly and a browser: generous limits keep a slow moment from
    // failing a test whose assertions are about behaviour, not speed.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Vitest's default here is one worker (cores - 1); most files wait on PostgreSQL, PGlite or a browser,
    // so a second one nearly halves the wall time.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          include: ["tests/node/**/*.test.{ts,tsx}"],
          globalSetup: ["tests/support/postgres-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "types",
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            ignoreSourceErrors: true,
            include: ["tests/types/**/*.test-d.ts"],
          },
        },
      },
      {
        extends: true,
        test: {
          name: "dom",
          environment: "jsdom",
          include: ["tests/dom/**/*.test.{ts,tsx}"],
          setupFiles: ["tests/dom/setup.ts"],
          env: { REACT_MAJOR: "19" },
        },
      },
      {
        extends: true,
        resolve: {
          alias: [...react18Alias, { find: /^@testing-library\/react$/, replacement: testingLibraryEs }],
          // The ES builds of the packages without an exports map, for the same reason.
          mainFields: ["module", "main"],
        },
        test: {
          name: "dom-react18",
          environment: "jsdom",
          include: ["tests/dom/**/*.test.{ts,tsx}"],
          setupFiles: ["tests/dom/setup.ts"],
          env: { REACT_MAJOR: "18" },
          server: { deps: { inline: importsReact } },
        },
      },
      {
        extends: true,
        test: {
          // The demo in Debian's Chromium; SKIP_E2E=1 skips it where no Chromium can be installed.
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/support/global-setup.ts"],
          // One demo server for every file: its users' keys are shared, so the files take turns.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      storybookProject,
    ],
  },
});
