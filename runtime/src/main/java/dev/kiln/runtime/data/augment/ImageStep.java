package dev.kiln.runtime.data.augment;

import java.util.Objects;
import java.util.SplittableRandom;

/** A step that transforms each image of the batch on its own, with parameters drawn per image. */
abstract class ImageStep implements AugmentStep {

    @Override
    public final void apply(AugmentBuffers batch, SplittableRandom random) {
        // Set whenever a step needs images (Augmentation.imageFor), which every image step does.
        ImageShape image = Objects.requireNonNull(batch.image, "an image step without the batch's image shape");
        for (int e = 0; e < batch.examples; e++) {
            transform(batch.features, batch.featureScratch, e * batch.exampleSize, image, random);
        }
        batch.swapFeatures();
    }

    /** Writes the transformed image at {@code offset} of {@code in} to the same place in {@code out}. */
    abstract void transform(double[] in, double[] out, int offset, ImageShape image, SplittableRandom random);

    @Override
    public final boolean needsImages() {
        return true;
    }

    @Override
    public final boolean changesTargets() {
        return false;
    }

    static int pixels(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 pixel, got " + value);
        }
        return value;
    }

    static double probability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " probability must be in [0, 1], got " + p);
        }
        return p;
    }
}
