#!/usr/bin/env bash
# `make token`: prints a local access token (stdout only, so TOKEN=$(make -s token ...) works).
#   ROLE=admin                     an admin token
#   ROLE=brand BRAND=<slug|id>     a token for that brand (looked up in the brands database)
#   ROLE=customer EMAIL=<email>    a token for that customer (looked up in the customers database)
# Signs with .data/jwt/private.pem (made on first use), the key `make up` gives customers.
LOG_TAG=token
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/jwt-keys.sh" >&2
use_local_pgport
derive_service_database_urls
[ -n "${JWT_PRIVATE_KEY:-}" ] || { JWT_PRIVATE_KEY="$(cat "$DATA/jwt/private.pem")"; export JWT_PRIVATE_KEY; }
exec node "$ROOT/scripts/jwt-token.ts"
