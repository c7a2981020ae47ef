#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json, among them
# the pinned Node (the `node` devDependency) that the npm scripts run on.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "deps: installing npm dependencies (npm ci), Node $(node -p 'require("./package.json").devDependencies.node') among them"
  if ! npm ci --no-audit --no-fund 2> >(tee /tmp/parkledger-npm-ci.err >&2); then
    # npm 11 leaves other platforms' optional binaries (@swc/core-darwin-*, ...) out of the lock file
    # and then refuses it in `npm ci`; `npm install` installs the same locked versions.
    if grep -q 'can only install packages when your package.json and package-lock.json' /tmp/parkledger-npm-ci.err; then
      echo "deps: npm ci refused the lock file's platform entries; installing the locked versions with npm install"
      npm install --no-audit --no-fund
    else
      exit 1
    fi
  fi
fi
# The `node` package gets its binary in its preinstall script (which installs node-<os>-<cpu> of the
# same version from the registry); an install that skipped scripts leaves node_modules/.bin/node out.
if [ ! -x node_modules/.bin/node ]; then
  echo "deps: node_modules/.bin/node is missing (install scripts skipped?); running the node package's: npm rebuild node"
  npm rebuild node
fi
