#!/usr/bin/env bash
# Command 1 of README.md: builds everything and trains the flagship sample (FashionMlp).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
classifier=$(bash scripts/nd4j-classifier.sh)
echo "ND4J native binary: $classifier"
mvn -B -q install -DskipTests -Dkiln.nd4j.classifier="$classifier"
mvn -B -q -pl samples exec:java@fashion-mlp -Dkiln.nd4j.classifier="$classifier"
