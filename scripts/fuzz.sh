#!/usr/bin/env bash
# A bounded fuzzing run of the Markdown importer (cargo-fuzz, libFuzzer).
#   ./scripts/fuzz.sh [seconds]     default 60
# Uses the stable toolchain: RUSTC_BOOTSTRAP lets cargo-fuzz pass its -Z flags.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_TO_RUN="${1:-60}"
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
mkdir -p fuzz/corpus/import
# Seed the corpus with real plans.
cp tests/golden/*.md fuzz/corpus/import/ 2>/dev/null || true
cp tests/fixtures/deployment-plan-template.md fuzz/corpus/import/template.md
cp tests/fixtures/handwritten.md fuzz/corpus/import/handwritten.md
RUSTC_BOOTSTRAP=1 cargo fuzz run import --sanitizer none fuzz/corpus/import -- \
  -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 -print_final_stats=1
