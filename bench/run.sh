#!/usr/bin/env bash
# The benchmark (prints figures, asserts nothing): builds the release app and the minimal
# reference page, times the plan core natively, measures both pages in headless Chromium,
# and (when twiggy is installed) shows which crates the WASM's code comes from.
# Results: target/bench/results.json and a table on stdout.   ./bench/run.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update
  as_root apt-get install -y chromium
fi
mkdir -p target/bench
echo "== release build of the app"
trunk build --release --offline --locked
echo "== release build of the minimal reference page (bench/minimal)"
(cd bench/minimal && CARGO_TARGET_DIR="$ROOT/target/bench-minimal/cargo" trunk build --release --offline --locked)
echo "== native timings (cargo bench --bench native)"
cargo bench --locked --bench native | tail -n 1 > target/bench/native.json
if command -v twiggy >/dev/null; then
  twiggy top -n 1000000 --format csv target/wasm32-unknown-unknown/release/deployment-plan-editor.wasm > target/bench/twiggy.csv
fi
echo "== browser measurements"
node bench/bench.mjs target/bench/native.json target/bench/twiggy.csv
