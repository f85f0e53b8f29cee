#!/usr/bin/env bash
# Counts oneDNN's primitives per call for each case of dev.kiln.bench.LayoutProbe (NCHW against NHWC
# for the bench CNN's convolutions and pools): one JVM per case with DNNL_VERBOSE=1, 30 calls to warm
# up, then the last 9 of 10 marked calls. Prints per call: the reorders, the milliseconds oneDNN
# reports for them, and for the other primitives (convolution, pooling). The counts are what matters:
# the milliseconds come from a young JVM whose compiler threads share the cores.
# Needs a built bench module (see docs/performance.md) and a oneDNN binary. An argument keeps the cases
# whose names contain it, e.g. `bash scripts/layout-trace.sh BenchCnn`.
set -euo pipefail
cd "$(dirname "$0")/.."
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
printf '%-34s %9s %11s %11s\n' case reorders "reorder ms" "compute ms"
java -cp "$cp" dev.kiln.bench.LayoutProbe list 2>/dev/null | grep -F -- "${1:-}" | while IFS= read -r name; do
    DNNL_VERBOSE=1 java -cp "$cp" dev.kiln.bench.LayoutProbe trace "$name" 2>/dev/null \
        | awk -F, -v name="$name" '
            $1 == "probe" && $2 == "call" { call = $3; next }
            $1 == "dnnl_verbose" && $2 == "exec" && call > 0 {
                if ($4 == "reorder") { reorders++; reorderMs += $NF } else { computeMs += $NF }
            }
            END { printf "%-34s %9.1f %11.2f %11.2f\n", name, reorders / call, reorderMs / call, computeMs / call }'
done
