#!/usr/bin/env bash
# The signal-propagation report (docs/initializers.md): builds everything, prints the tables and
# writes the PNG plots into DIR (default samples/target/signal-propagation).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-samples/target/signal-propagation}
mkdir -p "$out"
out=$(cd "$out" && pwd)
classifier=$(bash scripts/nd4j-classifier.sh)
# Built inside the reactor (package, not install): the class path is this checkout's modules and the
# chosen binary (see samples/pom.xml).
mvn -B -q package -pl samples -am -DskipTests -Dkiln.nd4j.classifier="$classifier"
exec java -Dkiln.signal.out="$out" -cp "samples/target/classes:$(cat samples/target/samples.classpath)" \
  dev.kiln.samples.signal.SignalPropagationMain
