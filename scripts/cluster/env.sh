#!/usr/bin/env bash
# Paths and ports of the local control plane (sourced by up.sh, down.sh). Loopback only; the ports
# avoid the platform's (gateway 4000-4007, PostgreSQL 5432, Kafka 9092/9093, Prometheus 9090,
# Jaeger 16686/4317/4318, storefront 3000) and a real cluster's defaults (6443, 2379, 10257, 10259).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

CLUSTER_BIN="$TOOLS/cluster/bin"
CLUSTER_DATA="${CLUSTER_DATA:-$DATA/cluster}"
KUBECONFIG_FILE="$CLUSTER_DATA/kubeconfig"
CLUSTER_ETCD_PORT="${CLUSTER_ETCD_PORT:-16379}"
CLUSTER_ETCD_PEER_PORT="${CLUSTER_ETCD_PEER_PORT:-16380}"
CLUSTER_APISERVER_PORT="${CLUSTER_APISERVER_PORT:-16443}"
CLUSTER_KCM_PORT="${CLUSTER_KCM_PORT:-16257}"
CLUSTER_SCHEDULER_PORT="${CLUSTER_SCHEDULER_PORT:-16259}"
CLUSTER_KWOK_PORT="${CLUSTER_KWOK_PORT:-16247}"
# Simulated nodes (kwok): enough room for the umbrella chart with HPA minimums and canaries.
CLUSTER_NODES="${CLUSTER_NODES:-2}"
# Components in start order; down.sh stops them in reverse.
CLUSTER_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

# pid_of NAME: the pid in NAME's pid file when that process is alive and is ours (its command line
# names our data dir), else nothing.
pid_of() {
  local f="$CLUSTER_DATA/pids/$1.pid" pid cmd
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  cmd="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 0
  if [[ "$cmd" == *"$CLUSTER_DATA"* ]]; then echo "$pid"; fi
}
