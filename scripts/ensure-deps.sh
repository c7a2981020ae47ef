#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "deps: installing npm dependencies (npm ci)"
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
