#!/usr/bin/env bash
# Installs what the project needs, idempotently, into ignored folders (.tools/).
# Usage: scripts/toolchain.sh [node|postgres|kafka|helm|promtool|cluster|deps|all]...
#   (cluster: the chart test's local Kubernetes control plane, scripts/cluster/install.sh)
#   (default: what `make up` needs: node postgres kafka deps; `all` adds helm and promtool for tests)
#   (observe: Prometheus and Jaeger v2 for `make up OBSERVE=1` and the observability test)
LOG_TAG=toolchain
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

install_node() {
  if [ -x "$TOOLS/node/bin/node" ] && [ "$("$TOOLS/node/bin/node" --version)" = "v$NODE_VERSION" ]; then
    return 0
  fi
  local host_node; host_node="$(command -v node || true)"
  if [ -n "$host_node" ] && [ "$(node_major "$host_node")" -ge "$NODE_MIN_MAJOR" ] && [ -z "${SHOPGRAPH_FORCE_NODE:-}" ]; then
    return 0  # the host's Node is new enough
  fi
  need_cmd npm "install Node.js and npm (apt-get install -y nodejs npm), then re-run"
  log "installing Node.js $NODE_VERSION from the npm registry into .tools/node"
  local tmp="$TOOLS/node-install"
  rm -rf "$tmp" && mkdir -p "$tmp"
  npm install --silent --no-save --no-audit --no-fund --prefix "$tmp" "node@$NODE_VERSION" \
    || die "could not fetch node@$NODE_VERSION from the npm registry (network?). Fix: check 'npm view node@$NODE_VERSION', then re-run scripts/toolchain.sh node"
  local bin; bin="$(readlink -f "$tmp/node_modules/node/bin/node")"
  [ -x "$bin" ] || die "node@$NODE_VERSION installed no binary"
  rm -rf "$TOOLS/node" && mkdir -p "$TOOLS/node/bin"
  cp "$bin" "$TOOLS/node/bin/node"
  # npm and npx from the host run on the project's Node because PATH puts .tools/node/bin first.
  rm -rf "$tmp"
  ok "node $("$TOOLS/node/bin/node" --version)"
}

install_postgres() {
  local bindir="/usr/lib/postgresql/$POSTGRES_MAJOR/bin"
  if [ -n "${DATABASE_URL:-}" ] || [ -x "$bindir/postgres" ]; then return 0; fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL $POSTGRES_MAJOR server is missing and this is not root. Fix: sudo apt-get install -y postgresql-$POSTGRES_MAJOR (or set DATABASE_URL to an existing server)"
  log "installing postgresql-$POSTGRES_MAJOR (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed (network?). Fix: apt-get update && apt-get install -y postgresql-$POSTGRES_MAJOR"
  apt-get install -y -qq "postgresql-$POSTGRES_MAJOR" >/dev/null || die "apt-get install postgresql-$POSTGRES_MAJOR failed"
  # The package starts a system cluster on 5432; the project runs its own, so stop that one.
  command -v pg_ctlcluster >/dev/null && pg_ctlcluster "$POSTGRES_MAJOR" main stop 2>/dev/null || true
  ok "postgresql $POSTGRES_MAJOR"
}

install_kafka() {
  [ -n "${KAFKA_BROKERS:-}" ] && return 0
  bash "$ROOT/scripts/kafka/install.sh"
}

install_helm() {
  if [ -x "$TOOLS/bin/helm" ] && "$TOOLS/bin/helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$HELM_VERSION"; then
    return 0
  fi
  need_cmd go "install Go (apt-get install -y golang) to build Helm, then re-run scripts/toolchain.sh helm"
  log "building helm $HELM_VERSION with go install (takes a few minutes the first time)"
  mkdir -p "$TOOLS/bin" "$TOOLS/go"
  GOBIN="$TOOLS/bin" GOPATH="$TOOLS/go" GOFLAGS=-modcacherw CGO_ENABLED=0 \
    go install -ldflags "-X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" \
    || die "go install helm.sh/helm/v4/cmd/helm@$HELM_VERSION failed (network? Go module proxy?)"
  ok "helm $("$TOOLS/bin/helm" version --template '{{.Version}}')"
}

install_promtool() {
  command -v promtool >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "promtool is missing and this is not root. Fix: sudo apt-get install -y prometheus"
  log "installing prometheus (Debian package, for promtool)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed (network?). Fix: apt-get update && apt-get install -y prometheus"
  # policy-rc.d 101: install the package without starting its service; we only need promtool.
  local policy=/usr/sbin/policy-rc.d had_policy=0
  [ -e "$policy" ] && had_policy=1
  [ "$had_policy" = 1 ] || { printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; }
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null; local rc=$?
  [ "$had_policy" = 1 ] || rm -f "$policy"
  [ "$rc" = 0 ] || die "apt-get install prometheus failed"
  ok "promtool $(promtool --version 2>&1 | head -1 | awk '{print $3}')"
}

install_deps() {
  # Reinstall only when the lockfile changed since the last install.
  local stamp="$ROOT/node_modules/.install-stamp"
  local sum; sum="$(sha256sum "$ROOT/package-lock.json" | cut -c1-64)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return 0; fi
  log "npm ci (node $(node --version))"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  echo "$sum" >"$stamp"
  ok "node_modules"
}

# Debian's chromium for the storefront's browser tests (tests/e2e/storefront*, driven by
# playwright-core; Playwright's own browser download is not used). Debian stable's current build:
# security updates replace it, so no version is pinned. Part of `all`; alone: `toolchain.sh chromium`.
install_chromium() {
  command -v chromium >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "chromium is missing and this is not root. Fix: sudo apt-get install -y chromium"
  log "installing chromium (Debian package, for the browser tests)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed (network?). Fix: apt-get update && apt-get install -y chromium"
  apt-get install -y -qq --no-install-recommends chromium >/dev/null || die "apt-get install chromium failed"
  ok "$(chromium --version 2>/dev/null | head -1)"
}

steps=("$@"); [ ${#steps[@]} -gt 0 ] || steps=(node postgres kafka deps)
want_chromium=0 rest=()
for step in "${steps[@]}"; do if [ "$step" = chromium ]; then want_chromium=1; else rest+=("$step"); fi; done
[ "${rest[0]:-}" = all ] && want_chromium=1
[ "$want_chromium" = 1 ] && install_chromium
[ ${#rest[@]} -gt 0 ] || exit 0
steps=("${rest[@]}")
[ "${steps[0]}" = all ] && steps=(node postgres kafka helm promtool cluster observe deps)
mkdir -p "$TOOLS" "$DATA"
for step in "${steps[@]}"; do
  case "$step" in
    node) install_node ;; postgres) install_postgres ;; kafka) install_kafka ;;
    helm) install_helm ;; promtool) install_promtool ;; cluster) bash "$ROOT/scripts/cluster/install.sh" ;; deps) install_node; [ -x "$TOOLS/node/bin/node" ] && PATH="$TOOLS/node/bin:$PATH"; install_deps ;;
    observe) bash "$ROOT/scripts/observe/install.sh" ;;
    *) die "unknown step '$step' (node|postgres|kafka|helm|promtool|cluster|observe|deps|all)" ;;
  esac
done
