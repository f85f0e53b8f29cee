package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** An RMS norm layer's per-batch arrays: rms [N] = √(mean(x²) + ε) per example and the output. */
public record RmsNormBuffers(INDArray rms, INDArray out) {
}
