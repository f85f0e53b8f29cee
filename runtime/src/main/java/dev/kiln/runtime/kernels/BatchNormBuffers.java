package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A batch norm layer's per-batch arrays: x̂, which the backward reads, and the output. */
public record BatchNormBuffers(INDArray xHat, INDArray out) implements NormalizedOutput {
}
