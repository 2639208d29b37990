#!/bin/bash
# Container healthcheck, in bash (its /dev/tcp) rather than Node.js: Docker
# runs it every few seconds in each container, and starting Node.js for it
# cost about 0.2 s of CPU a time, a fifth of a core for a compose cluster at
# rest on a small machine.
#
#   deploy/healthcheck.sh node      passes when the node's port (TRIBUTARY_LISTEN) accepts connections
#   deploy/healthcheck.sh gateway   passes when the gateway's operator port answers /ready with 200
#                                   (it has a routing table naming a meta leader: the cluster behind it has a catalog)
set -u
if [ "${1:-node}" = gateway ]; then
  listen="${TRIBUTARY_GATEWAY_METRICS_LISTEN:-0.0.0.0:9100}"
  exec 3<>"/dev/tcp/127.0.0.1/${listen##*:}" || exit 1
  printf 'GET /ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  read -r -t 4 _ status _ <&3 || exit 1
  [ "$status" = 200 ]
else
  listen="${TRIBUTARY_LISTEN:-0.0.0.0:7001}"
  exec 3<>"/dev/tcp/127.0.0.1/${listen##*:}"
fi
