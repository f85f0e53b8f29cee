package dev.kiln.runtime.init;

import dev.kiln.ir.TruncatedNormal;

import java.util.SplittableRandom;

/** Fills value arrays from the distributions every initializer reduces to. */
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

    /**
     * N(mean, std²) with every draw outside [low, high] drawn again (reference §5: "redrawn
     * outside"). Rejection keeps the exact truncated distribution; {@link TruncatedNormal} refuses
     * windows that would keep under {@value TruncatedNormal#MIN_ACCEPTANCE} of the draws.
     */
    static void truncatedNormal(double[] values, TruncatedNormal window, SplittableRandom rng) {
        if (window.acceptance() < TruncatedNormal.MIN_ACCEPTANCE) {
            throw new IllegalArgumentException("truncated normal window [" + window.low() + ", " + window.high()
                    + "] keeps only " + window.acceptance() + " of N(" + window.mean() + ", " + window.std()
                    + "^2); it must keep at least " + TruncatedNormal.MIN_ACCEPTANCE);
        }
        GaussianSource gaussian = new GaussianSource(rng);
        for (int i = 0; i < values.length; i++) {
            double x;
            do {
                x = window.mean() + window.std() * gaussian.next();
            } while (x < window.low() || x > window.high());
            values[i] = x;
        }
    }
}
