#!/usr/bin/env bash
# Command 1 of README.md: builds everything and trains the flagship sample (FashionMlp).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
classifier=$(bash scripts/nd4j-classifier.sh)
echo "ND4J native binary: $classifier"
# Built inside the reactor (package, not install): the class path is this checkout's modules and the
# chosen binary (see samples/pom.xml).
mvn -B -q package -pl samples -am -DskipTests -Dkiln.nd4j.classifier="$classifier"
exec java -cp "samples/target/classes:$(cat samples/target/samples.classpath)" dev.kiln.samples.fashion.FashionMlpMain "$@"
