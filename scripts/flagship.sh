#!/usr/bin/env bash
# Command 1 of README.md: builds everything and trains the flagship sample (FashionMlp).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
mvn -B -q install -DskipTests
mvn -B -q -pl samples exec:java@fashion-mlp
