#!/usr/bin/env bash
# `make chart`: `helm dependency build` of every chart that has dependencies (the umbrella last,
# so it packages the freshly built workload charts), then `helm lint --strict` and `helm template`
# of the umbrella with each value set in charts/shopgraph/ci/ (dev with the local JWT pair inline,
# scripts/jwt-keys.sh). Charts are found by their Chart.yaml: a new subchart needs no edit here.
# Usage: charts/build.sh [deps]     (deps: only the dependency builds)
LOG_TAG=chart
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
need_cmd helm "bash scripts/toolchain.sh helm"
cd "$ROOT"
umbrella=charts/shopgraph
for chart in charts/*/Chart.yaml; do
  dir="$(dirname "$chart")"
  [ "$dir" = "$umbrella" ] && continue
  grep -q '^dependencies:' "$chart" || continue
  helm dependency build "$dir" >/dev/null || die "helm dependency build $dir failed"
done
helm dependency build "$umbrella" >/dev/null || die "helm dependency build $umbrella failed"
ok "dependencies built ($(ls "$umbrella"/charts/*.tgz | wc -l) charts packaged into $umbrella)"
[ "${1:-}" = deps ] && exit 0

bash "$ROOT/scripts/jwt-keys.sh"
for values in "$umbrella"/ci/*-values.yaml; do
  set_name="$(basename "$values" -values.yaml)"
  args=(-f "$values")
  if [ "$set_name" = dev ]; then
    args+=(--set-file global.jwt.inline.privateKey="$DATA/jwt/private.pem" --set-file global.jwt.inline.publicKey="$DATA/jwt/public.pem" \
      --set-file global.identity.inline.privateKey="$DATA/jwt/gateway-identity-private.pem" --set-file global.identity.inline.publicKey="$DATA/jwt/gateway-identity-public.pem")
  fi
  helm lint --strict "$umbrella" --namespace shop "${args[@]}" >/dev/null || { helm lint --strict "$umbrella" --namespace shop "${args[@]}"; die "helm lint --strict ($set_name) failed"; }
  n="$(helm template shopgraph "$umbrella" --namespace shop "${args[@]}" | grep -c '^kind:')" || die "helm template ($set_name) failed"
  ok "$set_name: lint --strict clean, $n objects rendered"
done
