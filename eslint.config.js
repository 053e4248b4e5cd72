import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      ...["dist", "storybook-static", "node_modules", "coverage", ".data", "artifacts"],
      // What an example builds when run in place (`npm run dev` in examples/nextjs)
      ...["examples/*/.next", "examples/*/dist", "examples/*/.data", "examples/*/next-env.d.ts"],
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
