#!/usr/bin/env bash
# npm start: dependencies, Kafka and Postgres, a build, then every service, and where to look.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
bash scripts/ensure-deps.sh
require_pinned_node
npx tsx scripts/infra/main.ts up
echo "build: compiling libs and services"
npx tsc -b services/*/tsconfig.app.json
npx tsx scripts/stack/main.ts start
echo "demo: loading the demo parks and enterprises through the REST API (idempotent)"
npx tsx scripts/demo/load.ts
