#!/usr/bin/env bash
# Builds everything and runs one sample's main class: scripts/sample.sh CLASS [ARGS...]. The scripts
# named after the samples (flagship.sh, fashion-cnn.sh, wine-table.sh, fashion-folder.sh) call it.
set -euo pipefail
cd "$(dirname "$0")/.."
main=$1
shift
bash scripts/ensure-data.sh
classifier=$(bash scripts/nd4j-classifier.sh)
echo "ND4J native binary: $classifier"
# Built inside the reactor (package, not install): the class path is this checkout's modules and the
# chosen binary (see samples/pom.xml).
mvn -B -q package -pl samples -am -DskipTests -Dkiln.nd4j.classifier="$classifier"
exec java -cp "samples/target/classes:$(cat samples/target/samples.classpath)" "$main" "$@"
