#!/usr/bin/env bash
# Sets up and runs every test: type checks, then the vitest suites.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The AWS CLI test uses Debian's awscli package; install it when we can (root
# with apt). Without it that one test is skipped and says why.
if [ ! -x /usr/bin/aws ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli) >/dev/null 2>&1 || echo "test.sh: could not install awscli; its test will be skipped"
fi
pnpm run typecheck
pnpm run test
