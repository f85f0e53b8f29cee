package dev.kiln.runtime.init;

import java.util.SplittableRandom;

/** Fills value arrays from the two distributions every initializer reduces to. */
final class Draws {
    private Draws() {
    }

    /** N(mean, std²). */
    static void normal(double[] values, double mean, double std, SplittableRandom rng) {
        GaussianSource gaussian = new GaussianSource(rng);
        for (int i = 0; i < values.length; i++) {
            values[i] = mean + std * gaussian.next();
        }
    }

    /** U[low, high). */
    static void uniform(double[] values, double low, double high, SplittableRandom rng) {
        double width = high - low;
        for (int i = 0; i < values.length; i++) {
            values[i] = low + width * rng.nextDouble();
        }
    }
}
