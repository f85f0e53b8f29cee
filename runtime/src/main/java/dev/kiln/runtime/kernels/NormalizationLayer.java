package dev.kiln.runtime.kernels;

/**
 * What every normalization layer's record has: its affine parameters and ε, which sits inside the
 * square root. {@link NormalizationMath} reads these, whichever layer it computes.
 */
public sealed interface NormalizationLayer permits BatchNormLayer, NormLayer, GroupNormLayer {

    NormAffine affine();

    double eps();
}
