package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;

/**
 * A batch norm layer as a model holds it, built once with the model: γ and β with their gradients,
 * the running statistics that inference uses, the statistics of the last training batch that the
 * training forward writes and the backward reads (null in an inference snapshot, which never
 * trains), ε and the running statistics' decay d (reference §7.1). The arrays are the model's own
 * fields, the same objects.
 */
public record BatchNormLayer(NormAffine affine, Moments running, @Nullable Moments batch, double eps, double decay)
        implements NormalizationLayer {

    public BatchNormLayer {
        ArrayChecks.requireFiniteNonNegative("eps", eps);
        if (!(decay >= 0.0 && decay <= 1.0)) {
            throw new IllegalArgumentException("decay must be in [0, 1], got " + decay);
        }
    }

    /** The batch statistics, for the training passes. */
    Moments trainingBatch() {
        if (batch == null) {
            throw new IllegalStateException("this batch norm layer holds no batch statistics (an inference snapshot's); "
                    + "train the model instead");
        }
        return batch;
    }
}
