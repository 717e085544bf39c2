#!/usr/bin/env bash
# Builds the local control plane into .tools/cluster/ from the Go module proxy, idempotently:
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl  (k8s.io/kubernetes, wrapper module k8s/)
#   etcd                                                             (go.etcd.io/etcd/server/v3, wrapper module etcd/)
#   kwok                                                             (sigs.k8s.io/kwok/cmd/kwok)
# and gathers what up.sh applies: kwok's node/pod stages (from the kwok module), the Istio CRDs
# (istio.io/api's kubernetes/customresourcedefinitions.gen.yaml) and prometheus-operator's
# ServiceMonitor/PrometheusRule CRDs. Versions: scripts/versions.env. A second run checks a stamp
# and returns in well under a second. Usage: scripts/cluster/install.sh
LOG_TAG=cluster
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

HERE="$ROOT/scripts/cluster"
OUT="$TOOLS/cluster"
STAMP="$OUT/stamp"
want="trimpath k8s=$KUBERNETES_VERSION etcd=$ETCD_VERSION kwok=$KWOK_VERSION istio-api=$ISTIO_API_VERSION prom-op=$PROMETHEUS_OPERATOR_VERSION $(cat "$HERE/k8s/go.sum" "$HERE/etcd/go.sum" | sha256sum | cut -c1-16)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then exit 0; fi

need_cmd go "install Go 1.26+ (apt-get install -y golang, or the go.dev tarball), then re-run scripts/toolchain.sh cluster"
need_cmd openssl "apt-get install -y openssl"
mkdir -p "$OUT/bin" "$TOOLS/go"
export GOPATH="$TOOLS/go" GOFLAGS=-modcacherw CGO_ENABLED=0
grep -q "k8s.io/kubernetes $KUBERNETES_VERSION" "$HERE/k8s/go.mod" \
  || die "scripts/cluster/k8s/go.mod does not require k8s.io/kubernetes $KUBERNETES_VERSION (versions.env). Fix: edit its require and replace lines, then cd scripts/cluster/k8s && go mod tidy"
grep -q "go.etcd.io/etcd/server/v3 $ETCD_VERSION" "$HERE/etcd/go.mod" \
  || die "scripts/cluster/etcd/go.mod does not require etcd $ETCD_VERSION (versions.env). Fix: edit it, then go mod tidy there"

# Build under nice: the machine is shared and a cold Kubernetes build takes every core it gets.
# -trimpath keys Go's build cache by module@version instead of this clone's .tools/go path, so a
# fresh clone on the same machine (CI) reuses the packages a previous clone compiled.
build() { nice -n 10 go build -trimpath "$@"; }
minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
ld="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld="$ld -X $p.gitVersion=$KUBERNETES_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
log "building kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $KUBERNETES_VERSION (cold: 20-35 min on 2 shared cores; cached: seconds)"
(cd "$HERE/k8s" && build -ldflags "$ld" -o "$OUT/bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl) \
  || die "go build of k8s.io/kubernetes $KUBERNETES_VERSION failed (network? Go module proxy?)"
log "building etcd $ETCD_VERSION"
(cd "$HERE/etcd" && build -ldflags "-s -w" -o "$OUT/bin/etcd" go.etcd.io/etcd/server/v3) \
  || die "go build of etcd $ETCD_VERSION failed"
log "building kwok $KWOK_VERSION"
GOBIN="$OUT/bin" nice -n 10 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" \
  || die "go install sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION failed"

# Module directories (checked against the Go checksum database by `go mod download`).
moddir() { go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' | grep .; }
kwokdir="$(moddir "sigs.k8s.io/kwok@$KWOK_VERSION")" || die "could not download the kwok module"
istiodir="$(moddir "istio.io/api@$ISTIO_API_VERSION")" || die "could not download istio.io/api@$ISTIO_API_VERSION"
promdir="$(moddir "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION")" \
  || die "could not download prometheus-operator@$PROMETHEUS_OPERATOR_VERSION"

# kwok stages: nodes become Ready and keep a lease; pods become Ready, Job pods complete, deleted pods go.
{
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    echo "---"; cat "$kwokdir/kustomize/stage/$f"
  done
} >"$OUT/kwok-stages.yaml"
mkdir -p "$OUT/crds"
cp "$istiodir/kubernetes/customresourcedefinitions.gen.yaml" "$OUT/crds/istio.yaml"
cat "$promdir/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" \
  <(echo "---") "$promdir/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml" >"$OUT/crds/prometheus-operator.yaml"
chmod -R u+w "$OUT"
echo "$want" >"$STAMP"
ok "control plane $("$OUT/bin/kube-apiserver" --version), etcd $ETCD_VERSION, kwok $KWOK_VERSION, Istio API $ISTIO_API_VERSION CRDs"
