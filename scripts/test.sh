#!/usr/bin/env bash
# Installs what the tests need (build tools, Debian's Chromium, cargo-fuzz), then runs all
# tests: the format check and clippy (native and wasm32), native tests of the plan core,
# the release build, a bounded fuzzing run of the importer, and browser end-to-end tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing Debian's chromium"
  as_root apt-get update
  as_root apt-get install -y chromium
fi

echo "== commit subjects (at most 72 characters, details in the body)"
# Checked from the commit that set the rule on; older history is left as it was.
SUBJECTS_SINCE=d8809e0
if git rev-parse -q --verify "$SUBJECTS_SINCE^{commit}" >/dev/null 2>&1; then
  long=$(git log --format=%s "$SUBJECTS_SINCE^..HEAD" | awk 'length > 72')
  if [ -n "$long" ]; then
    printf 'commit subjects over 72 characters:\n%s\n' "$long"
    exit 1
  fi
else
  echo "(history before $SUBJECTS_SINCE not in this clone: skipped)"
fi

echo "== format and lints"
cargo fmt --check
cargo fmt --check --manifest-path fuzz/Cargo.toml
cargo clippy --locked --all-targets -- -D warnings
# The UI (src/ui) exists only for the browser: lint it on its own target too.
cargo clippy --locked --target wasm32-unknown-unknown --lib --bins -- -D warnings

echo "== native tests"
cargo test --locked

echo "== release build"
rm -rf dist
trunk build --release --offline --locked
node scripts/sizes.mjs dist
# The same app built for a sub-path, as the GitHub Pages workflow does.
trunk build --release --offline --locked --public-url /some-repo/ --dist target/dist-subpath >/dev/null

echo "== fuzzing the importer (bounded)"
mkdir -p target
if ! ./scripts/fuzz.sh "${FUZZ_SECONDS:-30}" > target/fuzz.log 2>&1; then
  tail -n 60 target/fuzz.log
  echo "the fuzz run found a failure (full log: target/fuzz.log)"
  exit 1
fi
grep -E "^(Done|stat::number_of_executed_units)" target/fuzz.log

echo "== browser end-to-end tests"
mapfile -t e2e < <(find tests/e2e -name '*.test.mjs' ! -name devserver.test.mjs | sort)
node --test --test-concurrency=1 --test-timeout=180000 "${e2e[@]}"

echo "== the dev server: live reload under the CSP (its own debug build)"
# The dependencies of the debug build first, so that the test's trunk serve compiles only the app.
CARGO_TARGET_DIR=target/devserver cargo build --locked --target wasm32-unknown-unknown --bin deployment-plan-editor
node --test --test-timeout=1200000 tests/e2e/devserver.test.mjs

echo "== Lighthouse scores (printed, not a pass/fail test: the mobile Performance score depends on the machine)"
node scripts/lighthouse.mjs || echo "lighthouse could not run"
