# shopgraph — the commands people type. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NODE_PATH_PREFIX := PATH="$(CURDIR)/.tools/node/bin:$(CURDIR)/.tools/bin:$$PATH"

.PHONY: help up down test test-unit test-int check setup compose schema-check bench-catalog bench-events bench-checkout token load clean chart cluster-up cluster-down cluster-test bench-gateway codegen codegen-storefront bench-tracing bench-subscriptions redrive

help: ## List every target with what it does
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

setup: ## Install what is missing (Node 24, PostgreSQL, Kafka jars, Helm, promtool, npm deps); idempotent
	@bash scripts/toolchain.sh all

up: ## Set up if needed, start PostgreSQL, Kafka, every subgraph, the gateway and the storefront (:3000), seeded; Ctrl-C stops all; OBSERVE=1 adds Prometheus :9090 and Jaeger :16686 (traces on)
	@bash scripts/up.sh

down: ## Stop what `make up` started (from another shell)
	@bash scripts/down.sh

test: ## Set up if needed, then typecheck, lint, unit and integration tests (starts its own infra)
	@bash scripts/test.sh

test-unit: ## Unit tests only (seconds; nothing started)
	@bash scripts/test.sh unit

test-int: ## Integration tests only (real PostgreSQL and Kafka)
	@bash scripts/test.sh integration

check: ## Typecheck and lint
	@bash scripts/test.sh static

chart: ## Helm: dependency build of every chart, lint --strict and template of the umbrella for each ci/ value set
	@bash scripts/toolchain.sh node helm && bash charts/build.sh

cluster-up: ## Start the local Kubernetes control plane (kwok nodes, Istio CRDs) on 127.0.0.1; KUBECONFIG=.data/cluster/kubeconfig
	@bash scripts/toolchain.sh node helm cluster && bash scripts/cluster/up.sh

cluster-down: ## Stop what `make cluster-up` started (keeps .data/cluster; scripts/cluster/down.sh --purge removes it)
	@bash scripts/cluster/down.sh

cluster-test: ## The chart on the real API server: install, upgrade, schema roll-out, canary, rollback, uninstall, prod, bad values
	@bash scripts/toolchain.sh node helm cluster deps && $(NODE_PATH_PREFIX) npx vitest run --config charts/tests/vitest.config.ts --reporter=verbose charts/tests/cluster.int.test.ts

compose: ## Compose supergraph/supergraph.graphql from the subgraph SDL files (fails on composition errors); write loadtest/persisted-documents.json
	@bash scripts/toolchain.sh node deps && $(NODE_PATH_PREFIX) node scripts/schema/compose.ts && $(NODE_PATH_PREFIX) node scripts/schema/persisted-documents.ts

schema-check: ## Fail on a stale supergraph or a breaking change vs git (SCHEMA_BASE_REF, default HEAD) not in supergraph/accepted-changes.yaml
	@bash scripts/toolchain.sh node deps && $(NODE_PATH_PREFIX) node scripts/schema/check.ts

bench-catalog: ## Catalog query through the gateway of a running `make up`: max req/s and p95 at 50 req/s (autocannon)
	@bash scripts/require-stack.sh bench-catalog && $(NODE_PATH_PREFIX) node bench/catalog.ts

bench-events: ## Event backbone: events/s outbox -> Kafka -> consumer, p50/p95 at 500 events/s, RSS (MINUTES=10 for the memory run)
	@bash scripts/toolchain.sh node deps && $(NODE_PATH_PREFIX) node bench/events.ts --minutes $${MINUTES:-0.5}

redrive: ## Re-publish a service's dead letters to its consumer, each applied once (SERVICE=<name>; ALL=1 re-reads the whole DLQ); prints how many
	@$(NODE_PATH_PREFIX) node --disable-warning=TimeoutNegativeWarning scripts/redrive.ts $(SERVICE) $(if $(filter 1,$(ALL)),--all)

token: ## Print a local access token: ROLE=admin | ROLE=brand BRAND=<slug> | ROLE=customer EMAIL=<email>
	@ROLE="$(ROLE)" BRAND="$(BRAND)" EMAIL="$(EMAIL)" bash scripts/jwt-token.sh

load: ## Load one operation (OP=CatalogListing, RATE=50 req/s, DURATION=20 s) against the local gateway with autocannon; k6 scenarios: loadtest/k6/
	@bash scripts/require-stack.sh load && $(NODE_PATH_PREFIX) node loadtest/run-local.ts --operation $(or $(OP),CatalogListing) --variables '$(or $(VARS),{"first":20})' $(if $(RATE),--rate $(RATE)) --duration $(or $(DURATION),20)

clean: ## Remove local data (.data/); keeps the toolchain (.tools/)
	@bash scripts/down.sh || true
	@bash scripts/cluster/down.sh || true
	rm -rf .data

bench-gateway: ## Gateways side by side (stock @apollo/gateway, shopgraph, Hive Gateway JS and Rust planner): req/s, p50/p99, CPU-ms/req, RSS (ROUNDS, SECONDS, WORKLOADS, GATEWAYS)
	@bash scripts/toolchain.sh node deps && $(NODE_PATH_PREFIX) sh -c '[ -d bench/gateway/hive/node_modules/@graphql-hive/gateway ] || npm ci --prefix bench/gateway/hive --no-audit --no-fund' && $(NODE_PATH_PREFIX) taskset -c $${LOAD_CPU:-1} node bench/gateway/run.ts

chaos: ## Chaos suite (long form, ~20 min): own PostgreSQL, Kafka and stack; 10 placeOrder/s through the gateway while each fault hits in turn (kill -9 Kafka 30 s, PostgreSQL stop 30 s and 60 s, kill -9 each subgraph and the gateway, SIGSTOP 20 s); one line per fault, exit 1 on any violation (CHAOS_RATE, CHAOS_SETTLE_S)
	@bash scripts/toolchain.sh node postgres kafka deps && $(NODE_PATH_PREFIX) node --disable-warning=TimeoutNegativeWarning scripts/chaos/run.ts long

bench-checkout: ## Checkout latency: 20 placeOrder/s for 60 s through the gateway of its own stack (own PostgreSQL + Kafka), placeOrder -> CONFIRMED p50/p95 and per hop, errors, all terminal (RATE, DURATION)
	@bash scripts/toolchain.sh node postgres kafka deps && $(NODE_PATH_PREFIX) node --disable-warning=TimeoutNegativeWarning bench/checkout.ts

bench-subscriptions: ## Subscriptions on one gateway of its own stack: 1,000 stockChanged subs, 200 events/s, event -> payload p50/p95, gateway RSS idle vs loaded, query p95 at 50 req/s with and without (SUBS, RATE, DURATION)
	@bash scripts/toolchain.sh node deps && $(NODE_PATH_PREFIX) node bench/subscriptions.ts

bench-tracing: ## What tracing costs the gateway on the catalog query: no telemetry vs off vs on at 100 % (needs `make up OBSERVE=1`; DURATION, ROUNDS)
	@$(NODE_PATH_PREFIX) node bench/tracing.ts

codegen-storefront: ## Storefront: API schema, typed operations (Code Generator client preset), persisted-document manifest from storefront/src/**/*.graphql
	@bash scripts/toolchain.sh node deps && $(NODE_PATH_PREFIX) node storefront/codegen/run.ts

# `make codegen` regenerates the storefront's files too (the services' part has its own rule).
codegen: codegen-storefront
codegen: ## Regenerate generated sources: the storefront's (above), then every subgraph's resolver types (scripts/codegen.ts); `make test` fails when one is stale
	@bash scripts/toolchain.sh node deps && $(NODE_PATH_PREFIX) node scripts/codegen.ts
