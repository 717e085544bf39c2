#!/usr/bin/env bash
# `make cluster-up`: starts a local Kubernetes control plane (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler) with kwok simulating nodes and pods, all on 127.0.0.1,
# data and logs under .data/cluster, and writes .data/cluster/kubeconfig (cluster-admin).
# Then serves the Istio and prometheus-operator CRDs. Idempotent: what already runs is kept.
# Prints "cluster: started" or "cluster: already running" last (the cluster test stops only a
# cluster it started). Builds the binaries first if needed (scripts/cluster/install.sh).
# Usage: scripts/cluster/up.sh        Stop: scripts/cluster/down.sh
LOG_TAG=cluster
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ROOT/scripts/cluster/install.sh"

D="$CLUSTER_DATA"
mkdir -p "$D/pki" "$D/pids" "$D/logs" "$D/etcd"
chmod 700 "$D/pki" "$D/etcd"

# --- certificates (once): a CA, the API server's serving cert, an admin client cert, the SA key.
pki="$D/pki"
if [ ! -f "$pki/admin.crt" ]; then
  log "generating certificates in $pki (openssl)"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout ca.key -out ca.crt -subj "/CN=shopgraph-local-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile apiserver.ext -out apiserver.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=shopgraph-admin" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile admin.ext -out admin.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    rm -f ./*.csr ./*.ext
    chmod 600 ./*.key
  ) || die "openssl failed to make the cluster certificates"
fi
cat >"$KUBECONFIG_FILE" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: shopgraph-local
    cluster: { server: "https://127.0.0.1:$CLUSTER_APISERVER_PORT", certificate-authority: "$pki/ca.crt" }
users:
  - name: shopgraph-admin
    user: { client-certificate: "$pki/admin.crt", client-key: "$pki/admin.key" }
contexts:
  - name: shopgraph-local
    context: { cluster: shopgraph-local, user: shopgraph-admin }
current-context: shopgraph-local
EOF
chmod 600 "$KUBECONFIG_FILE"
export KUBECONFIG="$KUBECONFIG_FILE"
kubectl() { "$CLUSTER_BIN/kubectl" "$@"; }

started=0
started_now=()
# If this run fails half-way, stop what it started (and only that), so nothing is left running.
stop_started_on_failure() {
  local rc=$? i pid
  [ "$rc" = 0 ] && return 0
  for ((i = ${#started_now[@]} - 1; i >= 0; i--)); do
    pid="$(cat "$D/pids/${started_now[$i]}.pid" 2>/dev/null)" || continue
    kill "$pid" 2>/dev/null && warn "stopped ${started_now[$i]} ($pid) after the failure"
    rm -f "$D/pids/${started_now[$i]}.pid"
  done
}
trap stop_started_on_failure EXIT
# alive PID: the process exists and is not a zombie.
alive() { [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }
# start NAME PORT CMD...: runs CMD detached (own session, output to logs/NAME.log), unless ours runs.
start() {
  local name="$1" port="$2"; shift 2
  [ -n "$(pid_of "$name")" ] && return 0
  port_open "$port" && die "port $port (for $name) is taken by another process. Fix: stop it, or set the CLUSTER_*_PORT variables (scripts/cluster/env.sh)"
  log "starting $name on 127.0.0.1:$port"
  setsid "$@" </dev/null >>"$D/logs/$name.log" 2>&1 &
  echo $! >"$D/pids/$name.pid"
  started=1
  started_now+=("$name")
}
# ready NAME SECONDS CHECK...: waits for CHECK; on time-out shows the component's log tail.
ready() {
  local name="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout)) pid
  pid="$(cat "$D/pids/$name.pid")"
  until "$@" >/dev/null 2>&1; do
    if ! alive "$pid"; then tail -20 "$D/logs/$name.log" >&2; die "$name exited (log: $D/logs/$name.log)"; fi
    (( SECONDS < deadline )) || { tail -20 "$D/logs/$name.log" >&2; die "$name not ready after ${timeout}s (log: $D/logs/$name.log)"; }
    sleep 0.2
  done
}
healthz() { curl -fsS --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://127.0.0.1:$1/$2"; }
# The controller-manager and scheduler serve /healthz with a self-signed certificate of their own.
component_healthz() { curl -fsSk "https://127.0.0.1:$1/healthz"; }

# Single-member etcd for a disposable cluster: no fsync (the data is a test fixture).
start etcd "$CLUSTER_ETCD_PORT" "$CLUSTER_BIN/etcd" --name shopgraph --data-dir "$D/etcd" \
  --listen-client-urls "http://127.0.0.1:$CLUSTER_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$CLUSTER_ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$CLUSTER_ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$CLUSTER_ETCD_PEER_PORT" \
  --initial-cluster "shopgraph=http://127.0.0.1:$CLUSTER_ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn
ready etcd 30 curl -fsS "http://127.0.0.1:$CLUSTER_ETCD_PORT/health"

start kube-apiserver "$CLUSTER_APISERVER_PORT" "$CLUSTER_BIN/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$CLUSTER_ETCD_PORT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$CLUSTER_APISERVER_PORT" \
  --cert-dir "$D/pki" --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" --authorization-mode Node,RBAC \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 --endpoint-reconciler-type none --profiling=false \
  --event-ttl 15m
ready kube-apiserver 90 healthz "$CLUSTER_APISERVER_PORT" readyz

start kube-controller-manager "$CLUSTER_KCM_PORT" "$CLUSTER_BIN/kube-controller-manager" \
  --kubeconfig "$KUBECONFIG_FILE" --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
  --bind-address 127.0.0.1 --secure-port "$CLUSTER_KCM_PORT" --cert-dir "$D/pki/kube-controller-manager" --leader-elect=false \
  --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
  --profiling=false
start kube-scheduler "$CLUSTER_SCHEDULER_PORT" "$CLUSTER_BIN/kube-scheduler" \
  --kubeconfig "$KUBECONFIG_FILE" --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
  --bind-address 127.0.0.1 --secure-port "$CLUSTER_SCHEDULER_PORT" --cert-dir "$D/pki/kube-scheduler" --leader-elect=false --profiling=false
start kwok "$CLUSTER_KWOK_PORT" "$CLUSTER_BIN/kwok" --kubeconfig "$KUBECONFIG_FILE" \
  --config "$TOOLS/cluster/kwok-stages.yaml" --server-address "127.0.0.1:$CLUSTER_KWOK_PORT" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --node-lease-duration-seconds 40 --cidr 10.244.0.0/16 --node-ip 10.243.0.1
ready kube-controller-manager 60 component_healthz "$CLUSTER_KCM_PORT"
ready kube-scheduler 60 component_healthz "$CLUSTER_SCHEDULER_PORT"
ready kwok 60 curl -fsS "http://127.0.0.1:$CLUSTER_KWOK_PORT/healthz"

# --- simulated nodes (kwok manages nodes annotated kwok.x-k8s.io/node=fake), one zone each.
for i in $(seq 0 $((CLUSTER_NODES - 1))); do
  kubectl apply --server-side --field-manager shopgraph-cluster -f - >/dev/null <<EOF || die "could not create node kwok-node-$i"
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations: { kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0" }
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: zone-$i
    type: kwok
spec: {}
status:
  allocatable: { cpu: "32", memory: 128Gi, pods: "110" }
  capacity: { cpu: "32", memory: 128Gi, pods: "110" }
EOF
done
ready kwok 60 kubectl wait --for=condition=Ready node --all --timeout=2s

# --- CRDs: Istio (istio.io/api) and the two prometheus-operator kinds the chart renders.
kubectl apply --server-side --force-conflicts --field-manager shopgraph-cluster \
  -f "$TOOLS/cluster/crds/istio.yaml" -f "$TOOLS/cluster/crds/prometheus-operator.yaml" >/dev/null \
  || die "could not apply the CRDs"
kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null || die "CRDs not established"
ok "Kubernetes $KUBERNETES_VERSION at https://127.0.0.1:$CLUSTER_APISERVER_PORT, $CLUSTER_NODES kwok nodes; KUBECONFIG=$KUBECONFIG_FILE"
if [ "$started" = 1 ]; then echo "cluster: started"; else echo "cluster: already running"; fi
