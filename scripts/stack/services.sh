#!/usr/bin/env bash
# Starts/stops the subgraphs and the gateway as local processes (logs and pids in $RUN_DIR).
# Usage: scripts/stack/services.sh start|stop|status
#   start  migrate + seed every present service, start each and wait for /readyz, then the
#          gateway; prints each part's readiness. Ports: <NAME>_PORT or the defaults 4000-4007.
#   stop   SIGTERM what this script started (pid files), SIGKILL after 15 s.
# RUN_DIR (default .data/run) keeps separate stacks apart, e.g. the end-to-end tests'.
LOG_TAG=services
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
RUN_DIR="${RUN_DIR:-$DATA/run}"
mkdir -p "$RUN_DIR"
use_local_pgport
derive_service_database_urls

alive() { [ -f "$RUN_DIR/$1.pid" ] && kill -0 "$(cat "$RUN_DIR/$1.pid")" 2>/dev/null; }
ready() { curl -fsS -o /dev/null "http://127.0.0.1:$(port_of "$1")/readyz" 2>/dev/null; }

launch() {
  local name="$1" entry="$2"
  if alive "$name"; then ok "$name already running on :$(port_of "$name")"; return; fi
  port_open "$(port_of "$name")" && die "port $(port_of "$name") for $name is taken by another process. Fix: stop it or set $(echo "$name" | tr '[:lower:]' '[:upper:]')_PORT"
  # setsid: its own process group, so Ctrl-C in `make up` reaches our trap, not the children.
  # shellcheck disable=SC2086 # NODE_RUNTIME_FLAGS is a list of flags
  setsid node $NODE_RUNTIME_FLAGS "$entry" >"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

await_ready() {
  local name="$1" deadline=$((SECONDS + 60))
  until ready "$name"; do
    alive "$name" || { tail -n 20 "$RUN_DIR/$name.log" >&2; die "$name exited; log: $RUN_DIR/$name.log"; }
    (( SECONDS < deadline )) || die "$name not ready after 60s; log: $RUN_DIR/$name.log"
    sleep 0.2
  done
  ok "$name ready at http://127.0.0.1:$(port_of "$name")/graphql"
}

# STOREFRONT=1 (`make up` sets it): build the storefront and the gateway's GraphiQL bundle
# when their sources changed (storefront/build.ts), and serve the storefront on STOREFRONT_PORT
# (3000) with /graphql proxied to this gateway. Test stacks leave it 0 unless they need it.
build_web() {
  log "building the storefront and GraphiQL (skipped when unchanged)"
  nice -n 10 node "$ROOT/storefront/build.ts" app graphiql >/dev/null || die "storefront build failed (run: node storefront/build.ts)"
  # The gateway knows the storefront's operations by id (its persisted-document manifest).
  export GATEWAY_PERSISTED_DOCUMENTS="${GATEWAY_PERSISTED_DOCUMENTS:-$ROOT/storefront/persisted-documents.json}"
}

start_storefront() {
  DEFAULT_PORT[storefront]="${DEFAULT_PORT[storefront]:-3000}"
  GATEWAY_URL="http://127.0.0.1:$(port_of gateway)/graphql" launch storefront "$ROOT/storefront/server/index.ts"
  await_ready storefront
}

start() {
  mapfile -t services < <(present_services)
  log "migrating and seeding: ${services[*]}"
  node "$ROOT/scripts/stack/seed.ts" "${services[@]}" || die "migrate/seed failed"
  # Access tokens: customers signs, the gateway verifies; local keypair from scripts/jwt-keys.sh unless set.
  bash "$ROOT/scripts/jwt-keys.sh"
  [ -n "${JWT_PRIVATE_KEY:-}" ] || { JWT_PRIVATE_KEY="$(cat "$DATA/jwt/private.pem")"; export JWT_PRIVATE_KEY; }
  [ -n "${JWT_PUBLIC_KEY:-}" ] || { JWT_PUBLIC_KEY="$(cat "$DATA/jwt/public.pem")"; export JWT_PUBLIC_KEY; }
  # Identity tokens: the gateway signs (its private key goes to the gateway only), subgraphs verify.
  [ -n "${GATEWAY_IDENTITY_PUBLIC_KEY:-}" ] || { GATEWAY_IDENTITY_PUBLIC_KEY="$(cat "$DATA/jwt/gateway-identity-public.pem")"; export GATEWAY_IDENTITY_PUBLIC_KEY; }
  local identity_key="${GATEWAY_IDENTITY_PRIVATE_KEY:-$(cat "$DATA/jwt/gateway-identity-private.pem")}"
  local s var
  for s in "${services[@]}"; do launch "$s" "$ROOT/services/$s/src/index.ts"; done
  for s in "${services[@]}"; do
    await_ready "$s"
    var="SUBGRAPH_$(echo "$s" | tr '[:lower:]' '[:upper:]')_URL"
    [ -n "${!var:-}" ] || export "$var=http://127.0.0.1:$(port_of "$s")/graphql"
  done
  [ "${STOREFRONT:-0}" = 1 ] && build_web
  GATEWAY_IDENTITY_PRIVATE_KEY="$identity_key" launch gateway "$ROOT/gateway/src/index.ts"
  await_ready gateway
  [ "${STOREFRONT:-0}" = 1 ] && start_storefront
  return 0
}

stop() {
  local name pid pids=()
  for name in storefront gateway "${ALL_SERVICES[@]}"; do
    alive "$name" && { pid="$(cat "$RUN_DIR/$name.pid")"; kill -TERM "$pid"; pids+=("$name:$pid"); }
  done
  local deadline=$((SECONDS + 15)) entry
  for entry in "${pids[@]}"; do
    name="${entry%%:*}"; pid="${entry##*:}"
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; warn "$name killed after 15s"; }
    rm -f "$RUN_DIR/$name.pid"; ok "$name stopped"
  done
}

status() { local s rc=0; for s in gateway $(present_services); do alive "$s" && echo "$s running" || { echo "$s stopped"; rc=1; }; done; return $rc; }

case "${1:-}" in
  start) start ;; stop) stop ;; status) status ;;
  *) die "usage: $0 start|stop|status" ;;
esac
