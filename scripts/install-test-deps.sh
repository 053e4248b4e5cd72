#!/usr/bin/env bash
# What the browser and PostgreSQL suites need beyond npm: Debian's Chromium and PostgreSQL server binaries.
# Runs before `npm test` (as its pretest step) and in CI; installs only what is missing, and only where it
# may (root, or sudo without a password). Elsewhere it says what to install and lets the suites explain.
set -u
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  echo "react-api-keys: the browser and PostgreSQL suites need: ${missing[*]}." >&2
  echo "  Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "react-api-keys: installing ${missing[*]} for the test suites (apt-get)…"
"${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
