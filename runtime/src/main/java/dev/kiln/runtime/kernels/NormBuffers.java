package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-batch arrays of a layer, group or instance norm layer: the statistics per example (and
 * group or channel) that the forward writes and the backward reads, x̂ and the output.
 */
public record NormBuffers(Moments statistics, INDArray xHat, INDArray out) implements NormalizedOutput {
}
