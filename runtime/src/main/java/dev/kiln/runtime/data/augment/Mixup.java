package dev.kiln.runtime.data.augment;

import dev.kiln.runtime.data.Shuffle;

import java.util.SplittableRandom;

/**
 * Mixup (Zhang et al., 2018): one λ ~ Beta(α, α) per batch and a random permutation π of the batch;
 * example i becomes {@code λ·x_i + (1 − λ)·x_π(i)} with targets {@code λ·y_i + (1 − λ)·y_π(i)}, soft
 * targets that softmax cross-entropy takes as they are (reference: cross-entropy against a probability row).
 */
final class Mixup extends TargetStep {
    private final double alpha;

    Mixup(double alpha) {
        if (!(alpha > 0 && Double.isFinite(alpha))) {
            throw new IllegalArgumentException("mixup's alpha (of Beta(alpha, alpha)) must be positive and finite, got "
                    + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public void apply(AugmentBuffers batch, SplittableRandom random) {
        double lambda = BetaDistribution.draw(alpha, alpha, random);
        Shuffle.identity(batch.partners, batch.examples);
        Shuffle.permute(batch.partners, batch.examples, random);
        mix(batch, lambda);
    }

    /** Mixes every example and its targets with those of its partner in {@code batch.partners}. */
    static void mix(AugmentBuffers batch, double lambda) {
        combine(batch.features, batch.featureScratch, batch.exampleSize, batch.partners, batch.examples, lambda);
        combine(batch.targets, batch.targetScratch, batch.targetColumns, batch.partners, batch.examples, lambda);
        batch.swapFeatures();
        batch.swapTargets();
    }

    private static void combine(double[] in, double[] out, int width, int[] partners, int examples, double lambda) {
        for (int i = 0; i < examples; i++) {
            int own = i * width;
            int other = partners[i] * width;
            for (int k = 0; k < width; k++) {
                out[own + k] = lambda * in[own + k] + (1 - lambda) * in[other + k];
            }
        }
    }

    @Override
    public String toString() {
        return "mixup(" + alpha + ")";
    }
}
