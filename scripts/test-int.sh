#!/usr/bin/env bash
# npm run test:int [-- <path> ...]: the integration specs two files at a time, then those that must
# run alone (`alone` in jest.config.js); a path given picks from both, and a part it leaves empty passes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then some=(--passWithNoTests "$@"); else some=(); fi
npx jest --selectProjects integration --maxWorkers=2 "${some[@]}"
npx jest --selectProjects integration-alone --runInBand "${some[@]}"
