#!/usr/bin/env bash
# Sets up and runs every test: type checks, then the vitest suites.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm run typecheck
pnpm run test
