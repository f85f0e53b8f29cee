package dev.kiln.runtime.metrics;

import java.util.Arrays;

/**
 * The area under the ROC curve as the Mann-Whitney statistic: over all (positive, negative) pairs,
 * the share in which the positive scores higher, a tie counting one half. Exact for any scores and
 * equal to the trapezoidal area scikit-learn computes; O(n log n) by sorting both groups and
 * walking them together.
 */
final class RocAuc {
    private RocAuc() {
    }

    /** The AUC of the first {@code p} positive and {@code q} negative scores (sorted in place); NaN when either group is empty. */
    static double of(double[] positive, int p, double[] negative, int q) {
        if (p == 0 || q == 0) {
            return Double.NaN;
        }
        Arrays.sort(positive, 0, p);
        Arrays.sort(negative, 0, q);
        double wins = 0;
        int below = 0;
        int belowOrEqual = 0;
        for (int i = 0; i < p; i++) {
            double score = positive[i];
            while (below < q && negative[below] < score) {
                below++;
            }
            if (belowOrEqual < below) {
                belowOrEqual = below;
            }
            while (belowOrEqual < q && negative[belowOrEqual] <= score) {
                belowOrEqual++;
            }
            wins += below + 0.5 * (belowOrEqual - below);
        }
        return wins / ((double) p * q);
    }
}
