#!/usr/bin/env bash
# Installs whatever is missing to build the app, and puts the tools on PATH.
# Idempotent and quick when everything is already there. Source it or run it.
#   - the wasm32-unknown-unknown target, rustfmt and clippy
#   - trunk (pinned), wasm-bindgen-cli (the exact version in Cargo.lock)
#   - wasm-opt from npm binaryen (node_modules/.bin), with the other npm packages
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v cargo >/dev/null; then
  echo "setup: Rust (cargo) is required: install it with rustup first." >&2
  exit 1
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    echo "setup: adding the $component component"
    rustup component add "$component"
  fi
done
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  echo "setup: installing trunk $TRUNK_VERSION (takes 10-15 minutes once)"
  cargo install "trunk@$TRUNK_VERSION" --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  echo "setup: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file names a dependency version that is not published.
  cargo install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" --force
fi
if ! command -v npm >/dev/null; then
  echo "setup: installing Node.js and npm"
  as_root apt-get update
  as_root apt-get install -y nodejs npm
fi
if ! node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version 132" \
   || [ ! -f node_modules/playwright-core/package.json ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (binaryen for wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund
fi
