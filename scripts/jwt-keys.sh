#!/usr/bin/env bash
# Local ES256 keypair for access tokens, made once and kept: .data/jwt/private.pem (customers
# signs with it) and .data/jwt/public.pem (the gateway verifies with it). Idempotent.
# For local development only; a cluster gets its keys from Secrets (charts: jwt.existingSecret).
# Usage: scripts/jwt-keys.sh          (then: JWT_PRIVATE_KEY="$(cat .data/jwt/private.pem)" ...)
LOG_TAG=jwt
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$DATA/jwt"
[ -s "$dir/private.pem" ] && [ -s "$dir/public.pem" ] && exit 0
mkdir -p "$dir" && chmod 700 "$dir"
node -e '
  const { generateKeyPairSync } = require("node:crypto");
  const { writeFileSync } = require("node:fs");
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  writeFileSync(process.argv[1] + "/private.pem", privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  writeFileSync(process.argv[1] + "/public.pem", publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
' "$dir" || die "could not write the JWT keypair to $dir"
ok "new local JWT signing keypair in .data/jwt (ES256)"
