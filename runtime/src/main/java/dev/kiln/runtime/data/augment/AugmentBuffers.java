package dev.kiln.runtime.data.augment;

import org.jspecify.annotations.Nullable;
/**
 * The values of one batch while its augmentation steps run: features and targets as doubles, each with
 * a scratch array of the same size that a step writes into before swapping it in. Grown to the largest
 * batch seen, then reused, so a steady training loop allocates nothing here.
 */
final class AugmentBuffers {
    final int exampleSize;
    final int targetColumns;
    /** The image geometry, or null when the augmentation has no step that needs images. */
    final @Nullable ImageShape image;
    int examples;
    double[] features = new double[0];
    double[] featureScratch = new double[0];
    double[] targets = new double[0];
    double[] targetScratch = new double[0];
    /** Each example's mixup partner. */
    int[] partners = new int[0];

    AugmentBuffers(int exampleSize, int targetColumns, @Nullable ImageShape image) {
        this.exampleSize = exampleSize;
        this.targetColumns = targetColumns;
        this.image = image;
    }

    /** Makes room for a batch of {@code n} examples. */
    void size(int n) {
        examples = n;
        if (features.length < n * exampleSize) {
            features = new double[n * exampleSize];
            featureScratch = new double[n * exampleSize];
        }
        if (partners.length < n) {
            partners = new int[n];
        }
        if (targets.length < n * targetColumns) {
            targets = new double[n * targetColumns];
            targetScratch = new double[n * targetColumns];
        }
    }

    /** The scratch array, written by a step, becomes the features. */
    void swapFeatures() {
        double[] swap = features;
        features = featureScratch;
        featureScratch = swap;
    }

    void swapTargets() {
        double[] swap = targets;
        targets = targetScratch;
        targetScratch = swap;
    }
}
