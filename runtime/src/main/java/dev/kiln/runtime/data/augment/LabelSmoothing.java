package dev.kiln.runtime.data.augment;

import java.util.SplittableRandom;

/**
 * Label smoothing (Szegedy et al., 2016) as a target rewrite: {@code y ← (1 − ε)·y + ε/K} over the K
 * target columns, so a one-hot row keeps {@code 1 − ε + ε/K} on its class. Draws nothing.
 */
final class LabelSmoothing extends TargetStep {
    private final double epsilon;

    LabelSmoothing(double epsilon) {
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("labelSmoothing's epsilon must be in (0, 1), got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    @Override
    public void apply(AugmentBuffers batch, SplittableRandom random) {
        double floor = epsilon / batch.targetColumns;
        for (int i = 0; i < batch.examples * batch.targetColumns; i++) {
            batch.targets[i] = (1 - epsilon) * batch.targets[i] + floor;
        }
    }

    @Override
    public String toString() {
        return "labelSmoothing(" + epsilon + ")";
    }
}
