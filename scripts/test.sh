#!/usr/bin/env bash
# The project's one test command (the README's, and CI's): installs everything
# the tests need (Debian packages, FerretDB from the Go module proxy, npm
# packages), then builds, lints and runs every test against real servers that
# the tests start on free loopback ports: the unit and integration suites,
# the hostile-input suite, then the fault suite (about 7 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run lint --silent
npm test
npm run test:hostile --silent
npm run test:faults --silent
