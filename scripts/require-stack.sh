#!/usr/bin/env bash
# Usage: scripts/require-stack.sh TARGET
# For the targets that measure a running `make up` (bench-catalog, load): exits 1 with a message
# saying what to do when no gateway is ready at GATEWAY_URL, instead of a connection error later.
LOG_TAG="${1:-stack}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
url="${GATEWAY_URL:-http://127.0.0.1:$(port_of gateway)/graphql}"
ready="${url%/graphql}/readyz"
curl -sf -o /dev/null --max-time 3 "$ready" ||
  die "no running stack: the gateway is not ready at $ready. Start it with \`make up\` (in another shell, or set GATEWAY_URL to one that runs), then run \`make ${1:-it}\` again."
