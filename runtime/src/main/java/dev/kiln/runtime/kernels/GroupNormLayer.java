package dev.kiln.runtime.kernels;

/** A group norm layer: its affine parameters, its number of channel groups G and ε. */
public record GroupNormLayer(NormAffine affine, int groups, double eps) implements NormalizationLayer {

    public GroupNormLayer {
        ArrayChecks.requireFiniteNonNegative("eps", eps);
        if (groups < 1) {
            throw new IllegalArgumentException("group norm needs at least one group, got " + groups);
        }
    }
}
