#!/usr/bin/env bash
# `make test`: install what is missing, then typecheck, lint, unit tests, integration tests
# (which start PostgreSQL and Kafka once for the run and stop them after). The static stage also
# runs the supergraph check (`make schema-check`). Ends with one
# line "N passed, N failed". Usage: scripts/test.sh [unit|integration|static]...
LOG_TAG=test
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$ROOT/scripts/toolchain.sh" all
[ -x "$TOOLS/node/bin/node" ] && PATH="$TOOLS/node/bin:$PATH"
cd "$ROOT"
# Test processes load kafkajs too: same warning filter as the workloads (see lib.sh).
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--disable-warning=TimeoutNegativeWarning"

stages=("$@"); [ ${#stages[@]} -gt 0 ] || stages=(static unit integration chaos)
mkdir -p "$DATA/test-results"
passed=0 failed=0 rc=0

count() { # count RESULT_JSON: add a vitest JSON report's totals
  local f="$1"; [ -f "$f" ] || { failed=$((failed + 1)); return; }
  read -r p q < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0))' "$f")
  passed=$((passed + p)); failed=$((failed + q))
}

for stage in "${stages[@]}"; do
  case "$stage" in
    static)
      log "typecheck + lint"
      npx tsc -p tsconfig.json || rc=1
      npx tsc -p loadtest/k6/tsconfig.json || rc=1   # k6 scenarios against @types/k6
      npx tsc -p storefront/tsconfig.json || rc=1      # the storefront app (DOM, JSX) against its typed operations
      npx tsc -p storefront/tsconfig.node.json || rc=1 # its server, build and codegen scripts
      npx eslint . || rc=1
      npx prettier --check --log-level warn . || rc=1   # formatting (.prettierrc.json, .prettierignore)
      node scripts/codegen.ts --check || rc=1           # generated sources up to date (`make codegen`)
      node scripts/schema/check.ts || rc=1 ;;
    unit|integration|chaos) # chaos: the short form of `make chaos` (its own PostgreSQL, Kafka, stack)
      log "$stage tests"
      rm -f "$DATA/test-results/$stage.json"
      npx vitest run --project "$stage" --reporter=default --reporter=json \
        --outputFile.json="$DATA/test-results/$stage.json" || rc=1
      count "$DATA/test-results/$stage.json" ;;
    *) die "unknown stage '$stage' (static|unit|integration|chaos)" ;;
  esac
done
[ "$rc" = 0 ] || failed=$((failed > 0 ? failed : 1))
echo "$passed passed, $failed failed"
exit "$rc"
