#!/usr/bin/env bash
# The benchmark of docs/performance.md: Kiln against DL4J 1.0.0-M2.1 on the same networks (the issue's
# MLP and Fashion-MNIST CNN), weights, data and native ND4J binary. Checks that both compute the same
# loss, gradients and update, then prints one table (training steps, inference, start-up; DL4J tuned
# and as it runs by default) and the issue's targets. Takes about four minutes.
# Options go to BenchMain: --rounds=N (default 21), --launches=N (default 5), --skip-startup,
# --skip-mlp, --skip-cnn, --dl4j-threads=best|split|one-pool.
# BENCH_JVM_ARGS adds JVM options to the measuring JVM and the start-up probes, e.g.
# BENCH_JVM_ARGS=-Dkiln.nd4j.opThreads=0 leaves ND4J's default thread settings alone.
set -euo pipefail
cd "$(dirname "$0")/.."
classifier=$(bash scripts/nd4j-classifier.sh)
# Built inside the reactor (package, not install): the class path is this checkout's modules.
mvn -B -q package -pl bench -am -DskipTests -Dkiln.nd4j.classifier="$classifier"
# shellcheck disable=SC2086 # BENCH_JVM_ARGS is a list of options
exec java -Xms2g -Xmx2g --add-modules jdk.incubator.vector ${BENCH_JVM_ARGS:-} -cp "bench/target/classes:$(cat bench/target/bench.classpath)" dev.kiln.bench.BenchMain "$@"
