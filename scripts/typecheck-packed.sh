#!/usr/bin/env bash
# A plain TypeScript 7 project installs the packed tarball and type-checks an import of the stylesheet and of
# the client, under the bundler and the Node resolution. TypeScript 7 checks side-effect imports by default
# (noUncheckedSideEffectImports), so a stylesheet without a declaration is TS2882 there.
# Usage: bash scripts/typecheck-packed.sh react-api-keys-X.Y.Z.tgz
set -euo pipefail
tarball=$(realpath "$1")
typescript="${TYPESCRIPT:-typescript@^7}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
echo '{ "name": "consumer", "private": true, "type": "module" }' >package.json
npm install --no-audit --no-fund --no-package-lock --prefer-offline --ignore-scripts --silent \
  "$tarball" "$typescript"
cat >index.ts <<'TS'
import "react-api-keys/styles.css";
import { ApiKeysError } from "react-api-keys/client";

export const failed = (error: unknown): boolean => error instanceof ApiKeysError;
TS
for resolution in bundler nodenext; do
  module=$([ "$resolution" = bundler ] && echo preserve || echo nodenext)
  cat >tsconfig.json <<JSON
{
  "compilerOptions": { "module": "$module", "moduleResolution": "$resolution", "strict": true, "noEmit": true },
  "files": ["index.ts"]
}
JSON
  echo "tsc $(npx --no-install tsc --version) on the packed tarball, moduleResolution $resolution"
  npx --no-install tsc -p tsconfig.json
done
