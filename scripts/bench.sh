#!/usr/bin/env bash
# The benchmark of docs/performance.md: Kiln against DL4J 1.0.0-M2.1 (same JVM, same native ND4J binary),
# libtorch 2.10.0 (its own JVM, bench/libtorch) and TensorFlow Java 1.1.0 (its own JVM, bench/tensorflow; as shipped
# and with TF_ENABLE_ONEDNN_OPTS=1) on the same networks (the MLP and the three-stage
# FashionCnn layers), weights and data. Measures the machine's FMA peak, checks that every peer computes
# the same loss, gradients, update and outputs as Kiln (a peer that does not is refused and not timed),
# then prints one table (training steps, inference, start-up, FMA-peak bounds) and the targets.
# Options go to BenchMain: --rounds=N (default 21), --launches=N (default 5), --skip-startup,
# --skip-mlp, --skip-cnn, --skip-libtorch, --skip-tensorflow, --dl4j-threads=best|split|one-pool; --co-tenants runs the
# co-tenant mode instead (FashionMlp epochs at batch 32 next to 0, 1 and 2 busy processes).
# BENCH_JVM_ARGS adds JVM options to the measuring JVM and the start-up probes, e.g.
# BENCH_JVM_ARGS=-Dkiln.nd4j.opThreads=0 leaves ND4J's default thread settings alone.
set -euo pipefail
cd "$(dirname "$0")/.."
classifier=$(bash scripts/nd4j-classifier.sh)
# Built inside the reactor (package, not install): the class path is this checkout's modules, and the
# peer workers' (bench/libtorch/target/worker.classpath, bench/tensorflow/...) sit next to their classes.
mvn -B -q package -pl bench -am -DskipTests -Dkiln.nd4j.classifier="$classifier"
# shellcheck disable=SC2086 # BENCH_JVM_ARGS is a list of options
exec java -Xms2g -Xmx2g --add-modules jdk.incubator.vector ${BENCH_JVM_ARGS:-} -cp "bench/target/classes:$(cat bench/target/bench.classpath)" dev.kiln.bench.BenchMain "$@"
