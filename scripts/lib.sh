#!/usr/bin/env bash
# Shared helpers for scripts/*.sh. Source it; it defines paths, versions and log helpers.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
# SHOPGRAPH_DATA: another data dir, so a second PostgreSQL/Kafka (the chaos suite's) never touches .data.
DATA="${SHOPGRAPH_DATA:-$ROOT/.data}"
# shellcheck source=versions.env
source "$ROOT/scripts/versions.env"

# Put the project's own Node (when installed) and tools first on PATH.
[ -x "$TOOLS/node/bin/node" ] && PATH="$TOOLS/node/bin:$PATH"
PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$PATH"
export PATH ROOT TOOLS DATA

log()  { printf '\033[36m[%s]\033[0m %s\n' "${LOG_TAG:-shopgraph}" "$*"; }
ok()   { printf '\033[32m[%s] ✓\033[0m %s\n' "${LOG_TAG:-shopgraph}" "$*"; }
warn() { printf '\033[33m[%s] !\033[0m %s\n' "${LOG_TAG:-shopgraph}" "$*" >&2; }
die()  { printf '\033[31m[%s] ✗\033[0m %s\n' "${LOG_TAG:-shopgraph}" "$*" >&2; exit 1; }

# need_cmd CMD HINT: stop with a message naming what is missing and how to fix it.
need_cmd() { command -v "$1" >/dev/null 2>&1 || die "missing '$1'. Fix: $2"; }

# wait_for DESCRIPTION TIMEOUT_SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || die "$what not ready after ${timeout}s"
    sleep 0.2
  done
}

# port_open PORT: true when something listens on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Workloads, their kinds and local default ports: the one registry, packages/platform/workloads.tsv
# (also read by packages/platform, packages/testing, charts/ and docker/).
WORKLOADS_FILE="$ROOT/packages/platform/workloads.tsv"
ALL_SERVICES=() ALL_WORKLOADS=()
declare -A DEFAULT_PORT=() WORKLOAD_KIND=()
while read -r _name _kind _port _rest; do
  case "$_name" in ''|'#'*) continue ;; esac
  ALL_WORKLOADS+=("$_name"); DEFAULT_PORT[$_name]="$_port"; WORKLOAD_KIND[$_name]="$_kind"
  [ "$_kind" = subgraph ] && ALL_SERVICES+=("$_name")
done < "$WORKLOADS_FILE"
unset _name _kind _port _rest

# Services that exist in this checkout (have an entry point), in the order above.
present_services() {
  local s; for s in "${ALL_SERVICES[@]}"; do [ -f "$ROOT/services/$s/src/index.ts" ] && echo "$s"; done
}

# port_of NAME: the port a workload listens on (<NAME>_PORT, else its default).
port_of() {
  local var; var="$(echo "$1" | tr '[:lower:]' '[:upper:]')_PORT"
  echo "${!var:-${DEFAULT_PORT[$1]}}"
}

# Exports PGPORT when the local PostgreSQL picked a port, and KAFKA_BROKERS for the local broker
# (KAFKA_PORT, default 9092) unless set, so services find the servers this stack runs.
use_local_pgport() {
  if [ -z "${DATABASE_URL:-}" ] && [ -f "$DATA/postgres/port" ]; then PGPORT="$(cat "$DATA/postgres/port")"; export PGPORT; fi
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
}

# With DATABASE_URL set (an existing server), each service gets its own database on it:
# exports <SERVICE>_DATABASE_URL = DATABASE_URL with the database name replaced.
derive_service_database_urls() {
  [ -n "${DATABASE_URL:-}" ] || return 0
  local s var
  for s in "${ALL_SERVICES[@]}"; do
    var="$(echo "$s" | tr '[:lower:]' '[:upper:]')_DATABASE_URL"
    [ -n "${!var:-}" ] || export "$var=$(echo "$DATABASE_URL" | sed -E "s#/[^/?]*(\?|$)#/$s\1#")"
  done
}

# Flags every workload's node runs with (locally here, in images via NODE_OPTIONS):
# a 4 MB young-generation semi-space keeps an idle gateway near 130 MB RSS instead of ~160 MB,
# for a few percent more minor GCs under load; kafkajs 2.2.4 sets negative timers on Node 24
# (harmless, clamped to 1 ms), so that one warning is silenced. The telemetry preload starts
# OpenTelemetry before the app loads when OTEL_EXPORTER_OTLP_ENDPOINT is set (else it does nothing).
NODE_RUNTIME_FLAGS="${NODE_RUNTIME_FLAGS:---max-semi-space-size=4 --disable-warning=TimeoutNegativeWarning --import=$ROOT/packages/platform/src/telemetry-register.ts}"
