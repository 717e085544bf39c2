#!/usr/bin/env bash
# Local ES256 key pairs, made once and kept (idempotent), for local development only; a cluster
# gets its keys from Secrets (charts: global.jwt, global.identity):
#   .data/jwt/private.pem, public.pem    access tokens: customers signs, the gateway verifies
#   .data/jwt/gateway-identity-private.pem, gateway-identity-public.pem
#                                        identity tokens: the gateway signs, every subgraph verifies
# Usage: scripts/jwt-keys.sh          (then: JWT_PRIVATE_KEY="$(cat .data/jwt/private.pem)" ...)
LOG_TAG=jwt
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$DATA/jwt"

# key_pair PREFIX WHAT: writes $dir/PREFIXprivate.pem and PREFIXpublic.pem unless both exist.
key_pair() {
  local prefix="$1" what="$2"
  [ -s "$dir/${prefix}private.pem" ] && [ -s "$dir/${prefix}public.pem" ] && return 0
  mkdir -p "$dir" && chmod 700 "$dir"
  node -e '
    const { generateKeyPairSync } = require("node:crypto");
    const { writeFileSync } = require("node:fs");
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const [dir, prefix] = process.argv.slice(1);
    writeFileSync(`${dir}/${prefix}private.pem`, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    writeFileSync(`${dir}/${prefix}public.pem`, publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
  ' "$dir" "$prefix" || die "could not write the $what key pair to $dir"
  ok "new local $what key pair in .data/jwt/${prefix}{private,public}.pem (ES256)"
}

key_pair "" "JWT signing"
key_pair "gateway-identity-" "gateway identity token"
