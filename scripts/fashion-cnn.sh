#!/usr/bin/env bash
# Builds everything and trains the Fashion-MNIST CNN sample (FashionCnn).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
classifier=$(bash scripts/nd4j-classifier.sh)
echo "ND4J native binary: $classifier"
mvn -B -q install -DskipTests -Dkiln.nd4j.classifier="$classifier"
mvn -B -q -pl samples exec:java@fashion-cnn -Dkiln.nd4j.classifier="$classifier"
