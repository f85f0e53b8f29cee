#!/usr/bin/env bash
# Command 2 of README.md: the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
classifier=$(bash scripts/nd4j-classifier.sh)
echo "ND4J native binary: $classifier"
mvn -B install -Dkiln.nd4j.classifier="$classifier"
# A Kotlin user's project outside the reactor, built offline with kapt against what was just installed.
bash scripts/kotlin-user-project.sh "$classifier"
