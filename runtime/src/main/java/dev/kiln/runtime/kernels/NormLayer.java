package dev.kiln.runtime.kernels;

/** A layer, instance or RMS norm layer: its affine parameters (RMS norm has no β) and ε. */
public record NormLayer(NormAffine affine, double eps) implements NormalizationLayer {

    public NormLayer {
        ArrayChecks.requireFiniteNonNegative("eps", eps);
    }
}
