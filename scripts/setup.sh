#!/usr/bin/env bash
# Installs what the project needs on a fresh machine with Node 20 and npm:
# pnpm (corepack is not used: its signature check fails on some machines),
# then the workspace's dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1; then
  npm install -g pnpm@10 >/dev/null
fi
pnpm install --frozen-lockfile --reporter=append-only </dev/null
