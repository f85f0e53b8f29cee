package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A normalization layer's learnable scale γ and shift β and the buffers their gradients are written
 * to: the same arrays as the generated model's fields ({@code bn1Gamma}, {@code bn1GammaGrad}, ...).
 * γ is null for a layer without the affine part (γ = 1, β = 0), β also for RMS norm, which has no
 * shift; a gradient is null where there is no parameter or its gradient is not wanted (an inference
 * snapshot holds none).
 */
public record NormAffine(@Nullable INDArray gamma, @Nullable INDArray beta, @Nullable INDArray gammaGrad,
                         @Nullable INDArray betaGrad) {

    /** No γ and no β. */
    public static final NormAffine NONE = new NormAffine(null, null, null, null);

    /** γ and β without gradients, for inference. */
    public static NormAffine of(@Nullable INDArray gamma, @Nullable INDArray beta) {
        return new NormAffine(gamma, beta, null, null);
    }
}
