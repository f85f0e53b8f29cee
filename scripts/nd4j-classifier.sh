#!/usr/bin/env bash
# Prints the nd4j-native binary that suits this CPU. The oneDNN builds come first: libnd4j then runs
# conv2d and its backward, pooling, batch norm and matrix products through oneDNN's kernels (a
# [128,32,14,14] x 64-filter 3x3 convolution 5-6x faster forward, ~15x faster conv2d_bp than the
# plain builds on a 2-core AVX-512 machine); the plain builds' matrix products use the same
# OpenBLAS. linux-x86_64-onednn-avx512 where the CPU has AVX-512, -onednn-avx2 where it has AVX2,
# else the generic linux-x86_64-onednn. Override with KILN_ND4J_CLASSIFIER (e.g. linux-x86_64-avx512,
# linux-x86_64 for the builds without oneDNN).
set -euo pipefail
if [ -n "${KILN_ND4J_CLASSIFIER:-}" ]; then
  echo "$KILN_ND4J_CLASSIFIER"
elif grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  echo linux-x86_64-onednn-avx512
elif grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
  echo linux-x86_64-onednn-avx2
else
  echo linux-x86_64-onednn
fi
