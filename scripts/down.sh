#!/usr/bin/env bash
# `make down`: stop the services, Kafka and PostgreSQL that `make up` started (pid files only).
LOG_TAG=down
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/stack/services.sh" stop
bash "$ROOT/scripts/stack/infra.sh" stop
