package dev.kiln.runtime.init;

import java.util.SplittableRandom;

/**
 * Standard normal draws from a {@link SplittableRandom} by Marsaglia's polar method. StrictMath
 * keeps the values bit-identical across JVMs, so a seed reproduces the same weights everywhere.
 */
final class GaussianSource {
    private final SplittableRandom rng;
    private double spare;
    private boolean hasSpare;

    GaussianSource(SplittableRandom rng) {
        this.rng = rng;
    }

    double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * rng.nextDouble() - 1.0;
            v = 2.0 * rng.nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double factor = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
        spare = v * factor;
        hasSpare = true;
        return u * factor;
    }
}
