#!/usr/bin/env bash
# Local PostgreSQL for shopgraph: its own data dir (.data/postgres), one database and role per service.
# Usage: scripts/stack/postgres.sh start|stop|status|url
#   start   init the cluster on first use, start it (port 5432, or the next free one), create
#           the service databases; prints readiness. Idempotent.
#   stop    stops the server this script started (and nothing else).
# With DATABASE_URL set, nothing is started: the service databases are created on that server.
LOG_TAG=postgres
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PGDATA_DIR="$DATA/postgres"
BIN="/usr/lib/postgresql/$POSTGRES_MAJOR/bin"
SERVICES=(brands products inventory customers orders payments fulfillment)
SUPERPASS=postgres

# Run a PostgreSQL binary as the data dir's owner: the server refuses to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pick_port() {
  local port="${PGPORT:-5432}"
  if [ -f "$PGDATA_DIR/port" ]; then cat "$PGDATA_DIR/port"; return; fi
  while port_open "$port"; do port=$((port + 1)); done
  echo "$port"
}

running() { [ -f "$PGDATA_DIR/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; }

admin_url() {
  if [ -n "${DATABASE_URL:-}" ]; then echo "$DATABASE_URL"; else
    echo "postgres://postgres:$SUPERPASS@127.0.0.1:$(cat "$PGDATA_DIR/port")/postgres"; fi
}

create_databases() {
  local url; url="$(admin_url)"
  for s in "${SERVICES[@]}"; do
    psql "$url" -v ON_ERROR_STOP=1 -qtA >/dev/null <<SQL || die "could not create database $s (does the DATABASE_URL role have CREATEDB/CREATEROLE?)"
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', '$s', '$s') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$s')\gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$s', '$s') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$s')\gexec
SQL
  done
}

start() {
  if [ -n "${DATABASE_URL:-}" ]; then
    log "DATABASE_URL is set: using that server, starting none"
    create_databases; ok "databases ready on the external server"; return
  fi
  [ -x "$BIN/postgres" ] || die "PostgreSQL $POSTGRES_MAJOR is not installed. Fix: bash scripts/toolchain.sh postgres"
  need_cmd psql "apt-get install -y postgresql-client-$POSTGRES_MAJOR"
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    log "initialising cluster in .data/postgres"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_DIR"
    local pwfile; pwfile="$(mktemp)"; echo "$SUPERPASS" >"$pwfile"; chmod 644 "$pwfile"
    as_owner "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --pwfile="$pwfile" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DATA/postgres-initdb.log" 2>&1 \
      || { rm -f "$pwfile"; die "initdb failed; see .data/postgres-initdb.log"; }
    rm -f "$pwfile"
  fi
  local port; port="$(pick_port)"
  if running; then ok "already running on 127.0.0.1:$port"; create_databases; return; fi
  port_open "$port" && die "port $port is taken by another process. Fix: stop it, or PGPORT=<free port> (then rm .data/postgres/port)"
  echo "$port" >"$PGDATA_DIR/port"
  log "starting on 127.0.0.1:$port"
  as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 start -o \
    "-p $port -c listen_addresses=127.0.0.1 -k $PGDATA_DIR -c max_connections=300 -c shared_buffers=128MB -c fsync=${PG_FSYNC:-on} -c log_min_messages=warning" \
    >/dev/null || die "postgres did not start; see .data/postgres/server.log"
  wait_for "postgres" 30 psql "$(admin_url)" -qtAc 'SELECT 1'
  create_databases
  ok "ready on 127.0.0.1:$port (databases: ${SERVICES[*]})"
}

stop() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  if running; then
    as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null && ok "stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running ;;
  url) admin_url ;;
  *) die "usage: $0 start|stop|status|url" ;;
esac
