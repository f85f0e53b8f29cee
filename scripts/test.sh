#!/usr/bin/env bash
# Command 2 of README.md: the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
mvn -B install
