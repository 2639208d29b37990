#!/usr/bin/env bash
# Makes sure a Docker engine and docker-compose are here and running:
# installs Debian's docker.io and docker-compose when missing (as root with
# apt), and starts dockerd in the background when no engine answers.
# Safe to run again. Exits 3, with the reason on stderr, when it cannot.
set -euo pipefail
fail() { echo "ensure-docker: $*" >&2; exit 3; }

engine_up() { timeout 10 docker info >/dev/null 2>&1; }

if ! command -v dockerd >/dev/null 2>&1 || { ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; }; then
  [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 || fail "Docker is not installed and this is not root with apt; install docker.io and docker-compose"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose) >/dev/null 2>&1 \
    || fail "apt-get could not install docker.io and docker-compose"
fi

if ! engine_up; then
  [ "$(id -u)" = "0" ] || fail "no Docker engine answers, and only root can start dockerd here"
  if [ -S /var/run/docker.sock ] && [ ! -f /var/run/docker.pid ]; then rm -f /var/run/docker.sock; fi
  mkdir -p /var/log
  nohup dockerd >/var/log/dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    engine_up && break
    sleep 1
  done
  engine_up || fail "dockerd did not start within 60 s; see /var/log/dockerd.log"
fi
echo "ensure-docker: engine $(docker version --format '{{.Server.Version}}' 2>/dev/null) is up"
