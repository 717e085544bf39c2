#!/usr/bin/env bash
# `make down`: stop the services, Kafka and PostgreSQL (and Prometheus, Jaeger) that `make up` started
# (pid files only).
LOG_TAG=down
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/stack/services.sh" stop
bash "$ROOT/scripts/observe/observe.sh" stop   # Prometheus and Jaeger of `make up OBSERVE=1`, if running
# Only the PostgreSQL and Kafka `make up` started, not ones it found running and reused.
if [ -f "$DATA/run/infra.started-by-up" ]; then
  bash "$ROOT/scripts/stack/infra.sh" stop; rm -f "$DATA/run/infra.started-by-up"
fi
