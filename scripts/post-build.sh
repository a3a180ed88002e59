#!/usr/bin/env sh
# Trunk's post_build hook (Trunk.toml), on the staging directory, in this order:
#   1. stamp the service worker with this build's asset names (each build a new version),
#   2. debug builds only: move the dev server's live-reload script out of line,
#   3. add the Content-Security-Policy with the hash of Trunk's inline loader,
#   4. write the single-file copy, deployment-plan-editor.html.
# One hook, because Trunk starts the hooks of a stage side by side.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
root="$(cd "$(dirname "$0")/.." && pwd)"
# The names (hashed by content), and the import worker's files, whose names are fixed.
version=$( (ls "$dir" | sort; cat "$dir"/import-worker*) | sha256sum | cut -c1-16)
sed -i "s/__BUILD__/$version/" "$dir/sw.js"
if [ "${TRUNK_PROFILE:-}" = debug ]; then
  node "$root/scripts/dev-reload.mjs" "$dir"
fi
node "$root/scripts/csp.mjs" "$dir"
node "$root/scripts/single-file.mjs" "$dir"
