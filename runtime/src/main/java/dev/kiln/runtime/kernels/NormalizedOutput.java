package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A normalization layer's per-batch x̂ = (x − μ)/√(σ² + ε) and output y = γ ⊙ x̂ + β, both shaped like x. */
public sealed interface NormalizedOutput permits BatchNormBuffers, NormBuffers {

    INDArray xHat();

    INDArray out();
}
