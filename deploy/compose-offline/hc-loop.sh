#!/bin/bash
# Stand-in for the health-check timers podman leaves to systemd (absent on these machines): every
# 5 s, run each running container's own healthcheck (from docker-compose.yml). `npm run
# test:compose` does the same by itself; this is for a stack brought up by hand.
# Usage: hc-loop.sh [compose project name, default homegraph]
export CONTAINERS_CONF=${CONTAINERS_CONF:-$(cd "$(dirname "$0")" && pwd)/containers.conf}
project=${1:-homegraph}
while :; do
  for c in $(podman ps --filter label=com.docker.compose.project="$project" --format '{{.Names}}'); do
    if podman inspect "$c" --format '{{if .Config.Healthcheck}}yes{{end}}' 2>/dev/null | grep -q yes; then
      podman healthcheck run "$c" >/dev/null 2>&1 &
    fi
  done
  wait
  sleep 5
done
