#!/usr/bin/env bash
# npm test: set up what the tests need, check the code, then unit, integration and e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
started=$(date +%s)
section() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

section "dependencies"
bash scripts/ensure-deps.sh
require_pinned_node
# Helm and kubeconform (Go programs) are built into the cache on a machine's first run, ~5 minutes
# of it: beside the steps before the chart's check (after the integration tests, so that nothing
# waits for the build), niced so that the tests' processes come first for the two cores
helm_tools_log=$(mktemp)
setsid nice -n 10 npx tsx scripts/helm/main.ts tools >"$helm_tools_log" 2>&1 &
helm_tools=$!
# in a process group of its own, so that a step failing before the chart's check stops the whole build
trap 'kill -- -"$helm_tools" 2>/dev/null || true' EXIT
section "Kafka and Postgres"
npx tsx scripts/infra/main.ts up
# the test topics earlier runs left: a broker loads every partition as it starts, ~900 a run
npx tsx scripts/infra/main.ts prune
section "contracts: buf lint, generated-code drift, breaking changes"
npx tsx scripts/proto.ts check
section "types, lint, format"
npx tsc -p tsconfig.json
# the module-boundary rule reads Nx's project graph; on a fresh clone there is none cached, and
# without it the rule is skipped with only a warning
NX_DAEMON=false NX_NO_CLOUD=true npx nx show projects >/dev/null
npx eslint . --max-warnings 0
npx prettier --check . --log-level warn
section "build"
npx tsc -b services/*/tsconfig.app.json
section "unit tests"
npx jest --selectProjects unit
section "integration tests (real Postgres and Kafka; two files at a time, then alone those that stop the broker or provision the roles)"
npm run -s test:int
section "Helm chart: helm lint --strict, helm template | kubeconform -strict and the chart checks, per values file"
wait "$helm_tools" || { cat "$helm_tools_log"; exit 1; }
cat "$helm_tools_log"
npx tsx scripts/helm/main.ts check
section "end-to-end tests"
npx jest --selectProjects e2e --runInBand
section "API fuzz, short: schemathesis --checks all, 5 examples per operation (npm run test:api-fuzz runs 100)"
npx tsx test/api-fuzz/run.ts --short
section "fault suite, short: one round of each fault on a three-broker Kafka it starts and stops, a few hundred writes (npm run test:faults runs five)"
npx tsx test/faults/run.ts --rounds 1 --rate 5
section "all tests passed"
# and this run's own, so that the broker's next start has none to load
npx tsx scripts/infra/main.ts prune
echo "Kafka and Postgres are left running for the next run; stop them with: npm run infra -- down"
