#!/usr/bin/env bash
# The signal-propagation report (docs/initializers.md): builds everything, prints the tables and
# writes the PNG plots into DIR (default samples/target/signal-propagation).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-samples/target/signal-propagation}
mkdir -p "$out"
out=$(cd "$out" && pwd)
classifier=$(bash scripts/nd4j-classifier.sh)
mvn -B -q install -DskipTests -Dkiln.nd4j.classifier="$classifier"
mvn -B -q -pl samples exec:java@signal-propagation -Dkiln.nd4j.classifier="$classifier" -Dkiln.signal.out="$out"
