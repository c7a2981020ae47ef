#!/usr/bin/env bash
# npm stop: the services, then Kafka and Postgres; each by the pid we started. The three-broker
# Kafka too, which a fault suite that was killed before it could stop it leaves running.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
npx tsx scripts/stack/main.ts stop
npx tsx scripts/infra/main.ts down kafka --brokers 3
npx tsx scripts/infra/main.ts down
