#!/bin/bash
# The gateway container's healthcheck, in bash (its /dev/tcp) rather than
# Node.js, whose start alone costs about 0.2 s of CPU: passes when the
# gateway's operator port answers /ready with 200 (it has a routing table
# naming a meta leader: the cluster behind it has a catalog).
#
#   deploy/healthcheck.sh gateway
#
# Docker runs it once a minute (docker-compose.yml says why not more often);
# deploy/compose.sh up runs it every 2 s until it passes.
set -u
listen="${TRIBUTARY_GATEWAY_METRICS_LISTEN:-0.0.0.0:9100}"
exec 3<>"/dev/tcp/127.0.0.1/${listen##*:}" || exit 1
printf 'GET /ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
read -r -t 4 _ status _ <&3 || exit 1
[ "$status" = 200 ]
