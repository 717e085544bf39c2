#!/usr/bin/env bash
# Shared helpers for scripts/*.sh. Source it; it defines paths, versions and log helpers.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
DATA="$ROOT/.data"
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
