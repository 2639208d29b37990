#!/usr/bin/env bash
# Sets up, builds, and starts the local cluster (three nodes on loopback,
# data under ./data). Ctrl-C or SIGTERM stops everything cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm run build
exec node packages/node/dist/launch.js "$@"
