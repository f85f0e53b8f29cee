#!/usr/bin/env bash
# Streaming from .npy files on disk (NpyBatches) against batches in memory (Batches) on Fashion-MNIST:
# delivery rate alone and a training epoch of the benchmark MLP fed by each (docs/data.md).
# Arguments go to StreamingBench: [rounds (default 7)] [directory for the .npy files].
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-data.sh
classifier=$(bash scripts/nd4j-classifier.sh)
mvn -B -q package -pl bench -am -DskipTests -Dkiln.nd4j.classifier="$classifier"
exec java -Xms2g -Xmx4g -cp "bench/target/classes:$(cat bench/target/bench.classpath)" dev.kiln.bench.StreamingBench "$@"
