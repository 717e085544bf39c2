#!/usr/bin/env bash
# Copies the files the charts ship from their sources of truth, and rebuilds the charts'
# file:// dependencies. A chart test fails when a copy is stale.
#   supergraph/supergraph.graphql    -> charts/gateway/files/supergraph.graphql
#   supergraph/subscriptions.graphql -> charts/gateway/files/subscriptions.graphql (events-only Subscription schema)
#   observability/dashboards/*.json -> charts/shopgraph/files/dashboards/
#   observability/alerts/*.yaml     -> charts/shopgraph/files/alerts/
# Usage: charts/sync-files.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -f supergraph/supergraph.graphql ]; then
  cp supergraph/supergraph.graphql charts/gateway/files/supergraph.graphql
else
  echo "sync-files: supergraph/supergraph.graphql does not exist yet; the chart keeps its current copy" >&2
fi
if [ -f supergraph/subscriptions.graphql ]; then
  cp supergraph/subscriptions.graphql charts/gateway/files/subscriptions.graphql
else
  echo "sync-files: supergraph/subscriptions.graphql does not exist yet; the chart keeps its current copy" >&2
fi
for kind in dashboards alerts; do
  rm -f charts/shopgraph/files/$kind/*
  # files only: observability/alerts/tests/ (promtool unit tests) is not shipped
  find observability/$kind -maxdepth 1 -type f -exec cp {} charts/shopgraph/files/$kind/ \;
done
echo "sync-files: ok"
