#!/usr/bin/env bash
# PostgreSQL and Kafka together, started in parallel. Usage: scripts/stack/infra.sh start|stop
LOG_TAG=infra
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

case "${1:-}" in
  start)
    bash "$ROOT/scripts/stack/postgres.sh" start & pg=$!
    bash "$ROOT/scripts/kafka/run.sh" start & kafka=$!
    rc=0; wait "$pg" || rc=1; wait "$kafka" || rc=1
    [ "$rc" = 0 ] || die "infrastructure did not start (see messages above)" ;;
  stop)
    bash "$ROOT/scripts/kafka/run.sh" stop || true
    bash "$ROOT/scripts/stack/postgres.sh" stop ;;
  *) die "usage: $0 start|stop" ;;
esac
