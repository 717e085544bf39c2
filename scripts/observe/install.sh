#!/usr/bin/env bash
# Installs what `make up OBSERVE=1` and the observability tests need, idempotently:
#   - Jaeger v2 (`cmd/jaeger` of the Go module github.com/jaegertracing/jaeger, JAEGER_VERSION in
#     scripts/versions.env), built with the Go toolchain into .tools/bin/jaeger;
#   - Prometheus and promtool from Debian's `prometheus` package (not started as a service).
# Usage: scripts/observe/install.sh [jaeger|prometheus]...   (default: both)
LOG_TAG=observe
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

install_jaeger() {
  local stamp="$TOOLS/bin/jaeger.version"
  if [ -x "$TOOLS/bin/jaeger" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$JAEGER_VERSION" ]; then return 0; fi
  need_cmd go "install Go (apt-get install -y golang) to build Jaeger, then re-run scripts/observe/install.sh jaeger"
  log "building jaeger $JAEGER_VERSION (cmd/jaeger, v2) with go install; several minutes the first time"
  mkdir -p "$TOOLS/bin" "$TOOLS/go"
  # The UI assets are not part of the module (jaeger-ui is a separate build), so this binary
  # serves the query API and a placeholder page on :16686.
  # `go install pkg@version` refuses modules whose go.mod has replace directives (Jaeger's has),
  # so fetch the module source through the Go module proxy and build it as the main module.
  export GOPATH="$TOOLS/go" GOFLAGS="-modcacherw -buildvcs=false" CGO_ENABLED=0
  local dir
  dir="$(go mod download -json "github.com/jaegertracing/jaeger@$JAEGER_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] && [ -f "$dir/go.mod" ] || die "go mod download github.com/jaegertracing/jaeger@$JAEGER_VERSION failed (network? Go module proxy?)"
  (cd "$dir" && nice -n 10 go build -trimpath -ldflags "-s -w" -o "$TOOLS/bin/jaeger.tmp" ./cmd/jaeger) \
    || die "go build of jaeger $JAEGER_VERSION cmd/jaeger failed"
  mv "$TOOLS/bin/jaeger.tmp" "$TOOLS/bin/jaeger"
  echo "$JAEGER_VERSION" >"$stamp"
  ok "jaeger $JAEGER_VERSION -> .tools/bin/jaeger"
}

install_prometheus() {
  command -v prometheus >/dev/null && command -v promtool >/dev/null && return 0
  bash "$ROOT/scripts/toolchain.sh" promtool # the same Debian package ships both binaries
  command -v prometheus >/dev/null || die "the prometheus package installed no prometheus binary"
}

steps=("$@"); [ ${#steps[@]} -gt 0 ] || steps=(prometheus jaeger)
for step in "${steps[@]}"; do
  case "$step" in
    jaeger) install_jaeger ;; prometheus) install_prometheus ;;
    *) die "unknown step '$step' (jaeger|prometheus)" ;;
  esac
done
