#!/usr/bin/env bash
# `make cluster-down`: stops the control plane that scripts/cluster/up.sh started (by its pid
# files, in reverse start order; only processes whose command line names our data dir).
# Keeps .data/cluster (certificates, etcd data) unless --purge is given.
# Usage: scripts/cluster/down.sh [--purge]
LOG_TAG=cluster
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

for ((i = ${#CLUSTER_COMPONENTS[@]} - 1; i >= 0; i--)); do
  name="${CLUSTER_COMPONENTS[$i]}"
  pid="$(pid_of "$name")"
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    [ -d "/proc/$pid" ] && { warn "$name ($pid) did not stop in 10 s; killing it"; kill -9 "$pid" 2>/dev/null || true; }
    log "stopped $name ($pid)"
  fi
  rm -f "$CLUSTER_DATA/pids/$name.pid"
done
if [ "${1:-}" = --purge ]; then rm -rf "$CLUSTER_DATA"; log "removed $CLUSTER_DATA"; fi
ok "cluster down"
