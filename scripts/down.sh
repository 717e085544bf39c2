#!/usr/bin/env bash
# `make down`: stop the services, Kafka and PostgreSQL that `make up` started (pid files only).
LOG_TAG=down
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/stack/services.sh" stop
# Only the PostgreSQL and Kafka `make up` started, not ones it found running and reused.
if [ -f "$DATA/run/infra.started-by-up" ]; then
  bash "$ROOT/scripts/stack/infra.sh" stop; rm -f "$DATA/run/infra.started-by-up"
fi
