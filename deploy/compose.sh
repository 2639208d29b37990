#!/usr/bin/env bash
# Runs docker-compose.yml on this machine, whatever it lacks: installs and
# starts Docker when needed (deploy/ensure-docker.sh), and when the
# conventional base image cannot be pulled (no image registry) builds one from
# this machine's Node.js (deploy/build-local-base.sh).
#
#   deploy/compose.sh up          build, start, and wait until the gateway is ready
#   deploy/compose.sh down        stop and remove the containers (data volumes kept)
#   deploy/compose.sh down -v     ... and the data volumes
#   deploy/compose.sh <anything>  passed to docker-compose (ps, logs, kill, ...)
#
# COMPOSE_PROJECT_NAME (default tributary) and TRIBUTARY_GATEWAY_PORT (default
# 4567) are honoured as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/ensure-docker.sh >&2

if command -v docker-compose >/dev/null 2>&1; then compose=(docker-compose); else compose=(docker compose); fi

if [ -z "${TRIBUTARY_BASE_IMAGE:-}" ]; then
  if docker image inspect node:20-slim >/dev/null 2>&1 || timeout 120 docker pull -q node:20-slim >/dev/null 2>&1; then
    export TRIBUTARY_BASE_IMAGE=node:20-slim
  else
    # Built again when deploy/build-local-base.sh has changed since (the image is labelled with its hash).
    recipe="$(sha256sum deploy/build-local-base.sh | cut -c1-16)"
    [ "$(docker image inspect -f '{{index .Config.Labels "tributary.base-recipe"}}' tributary-base:local 2>/dev/null)" = "$recipe" ] || bash deploy/build-local-base.sh >&2
    export TRIBUTARY_BASE_IMAGE=tributary-base:local
  fi
fi

if [ "${1:-}" = "up" ]; then
  shift
  "${compose[@]}" up -d --build "$@"
  gateway="$("${compose[@]}" ps -q gateway)"
  # The gateway's own check, run here every 2 s (Docker runs it once a minute only).
  ready=no
  for _ in $(seq 1 90); do
    if docker exec "$gateway" bash deploy/healthcheck.sh gateway >/dev/null 2>&1; then ready=yes; break; fi
    sleep 2
  done
  if [ "$ready" != yes ]; then
    echo "compose: the gateway is not ready after 180 s; see '${compose[*]} logs'" >&2
    exit 1
  fi
  echo "Kinesis endpoint: http://127.0.0.1:${TRIBUTARY_GATEWAY_PORT:-4567}"
  if [ -z "${TRIBUTARY_CREDENTIALS:-}" ]; then
    echo "Requests are signed with the key pair the gateway made on its first start (kept on the volume gateway-keys):"
    docker exec "$gateway" sh -c "test -f /var/lib/tributary-gateway/credentials.json" || { echo "  (none there: the gateway takes TRIBUTARY_CREDENTIALS from the environment compose gave it)"; exit 0; }
    docker exec "$gateway" node -e 'const k = JSON.parse(require("fs").readFileSync("/var/lib/tributary-gateway/credentials.json", "utf8")).keys[0]; console.log(`  export AWS_ACCESS_KEY_ID=${k.accessKeyId}\n  export AWS_SECRET_ACCESS_KEY=${k.secretAccessKey}`)'
  fi
  echo "  aws --endpoint-url http://127.0.0.1:${TRIBUTARY_GATEWAY_PORT:-4567} --region us-east-1 kinesis list-streams"
else
  exec "${compose[@]}" "$@"
fi
