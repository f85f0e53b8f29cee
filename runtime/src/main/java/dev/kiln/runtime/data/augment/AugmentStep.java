package dev.kiln.runtime.data.augment;

import java.util.SplittableRandom;

/**
 * One transform of an {@link Augmentation}: rewrites the batch in {@link AugmentBuffers}, drawing its
 * random parameters from {@code random} (seeded per batch, so the result depends only on the seed, the
 * epoch and the batch). {@link #toString()} describes it with its settings, as checkpoints record it.
 */
interface AugmentStep {
    void apply(AugmentBuffers batch, SplittableRandom random);

    /** Whether the step works on images ([N, C, H, W], or flat rows of a declared image shape). */
    boolean needsImages();

    /** Whether the step rewrites the targets (mixup, label smoothing) and not only the features. */
    boolean changesTargets();
}
