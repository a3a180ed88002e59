#!/usr/bin/env bash
# Installs what the tests need (build tools, Debian's Chromium), then runs all tests:
# native tests of the plan core, the release build, and browser end-to-end tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing Debian's chromium"
  as_root apt-get update
  as_root apt-get install -y chromium
fi

echo "== native tests"
cargo test --locked

echo "== release build"
rm -rf dist
trunk build --release --offline --locked
node scripts/sizes.mjs dist

echo "== browser end-to-end tests"
node --test --test-concurrency=1 tests/e2e/
