#!/usr/bin/env bash
# `make up`: install what is missing, start PostgreSQL, Kafka, every subgraph and the gateway,
# seeded; print where to query; run until Ctrl-C, then stop everything this run started.
LOG_TAG=up
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$SECONDS

bash "$ROOT/scripts/toolchain.sh" node postgres kafka deps
[ -x "$TOOLS/node/bin/node" ] && PATH="$TOOLS/node/bin:$PATH"

cleanup() {
  trap - INT TERM EXIT
  echo; log "stopping"
  bash "$ROOT/scripts/stack/services.sh" stop || true
  [ "${OBSERVE:-0}" != 1 ] || bash "$ROOT/scripts/observe/observe.sh" stop || true
  # Only the PostgreSQL and Kafka this run started (not a shared or earlier one it reused).
  if [ -f "$DATA/run/infra.started-by-up" ]; then
    bash "$ROOT/scripts/stack/infra.sh" stop || true; rm -f "$DATA/run/infra.started-by-up"
  fi
}
trap cleanup INT TERM EXIT

mkdir -p "$DATA/run"
bash "$ROOT/scripts/stack/postgres.sh" status && bash "$ROOT/scripts/kafka/run.sh" status >/dev/null 2>&1 \
  || touch "$DATA/run/infra.started-by-up"
bash "$ROOT/scripts/stack/infra.sh" start
if [ "${OBSERVE:-0}" = 1 ]; then   # Jaeger and Prometheus first, so every workload exports its traces
  bash "$ROOT/scripts/observe/observe.sh" start
  export OTEL_EXPORTER_OTLP_ENDPOINT="${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:${JAEGER_OTLP_HTTP_PORT:-4318}}"
fi
export STOREFRONT=1   # build and serve the storefront (scripts/stack/services.sh)
bash "$ROOT/scripts/stack/services.sh" start

gateway="http://localhost:$(port_of gateway)/graphql"
cat <<MSG

  Storefront: http://localhost:${STOREFRONT_PORT:-3000}   (shop as ada@example.com / shopgraph-demo, or sign up)
  GraphiQL:   $gateway (open it in a browser; example operations preloaded)

  shopgraph is up in $((SECONDS - started))s — GraphQL gateway: $gateway

  Try the catalog (products with brand, price and stock, one query):
    curl -s $gateway -H 'content-type: application/json' \\
      -d '{"query":"{ products(first: 20) { edges { node { sku name price { amount currency } brand { name } stock { available } } } } }"}'

  Log in as a seeded customer (ada@example.com / shopgraph-demo), or mint a local token:
    curl -s $gateway -H 'content-type: application/json' \\
      -d '{"query":"mutation { login(email: \\"ada@example.com\\", password: \\"shopgraph-demo\\") { token customer { name } } }"}'
    TOKEN=\$(make -s token ROLE=customer EMAIL=ada@example.com)   # or ROLE=admin, ROLE=brand BRAND=ganni
    curl -s $gateway -H 'content-type: application/json' -H "authorization: Bearer \$TOKEN" \\
      -d '{"query":"{ me { email addresses { city } } }"}'

  Logs: .data/run/<service>.log   Stop: Ctrl-C (or \`make down\` from another shell)

MSG
[ "${OBSERVE:-0}" != 1 ] || cat <<MSG
  Prometheus: http://localhost:${PROMETHEUS_PORT:-9090}   (every workload scraped; alerts: /alerts, rules from observability/alerts)
  Jaeger:     http://localhost:${JAEGER_QUERY_PORT:-16686}  (query API /api/traces?service=gateway; the UI page is a placeholder:
              jaeger-ui assets are not part of the Go module build)   OTLP: $OTEL_EXPORTER_OTLP_ENDPOINT

MSG
# Wait until Ctrl-C, or until `make down` stops the gateway.
while [ -f "$DATA/run/gateway.pid" ] && kill -0 "$(cat "$DATA/run/gateway.pid")" 2>/dev/null; do sleep 1; done
