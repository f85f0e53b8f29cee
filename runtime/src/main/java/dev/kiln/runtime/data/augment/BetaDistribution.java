package dev.kiln.runtime.data.augment;

import java.util.SplittableRandom;

/**
 * Draws from Beta(a, b) as X / (X + Y) with X ~ Gamma(a) and Y ~ Gamma(b), the gamma variates by
 * Marsaglia and Tsang's squeeze method (ACM TOMS 26(3), 2000), for a shape below 1 by their boost
 * {@code Gamma(a) = Gamma(a + 1)·U^(1/a)}.
 */
final class BetaDistribution {
    private BetaDistribution() {
    }

    static double draw(double a, double b, SplittableRandom random) {
        double x = gamma(a, random);
        double y = gamma(b, random);
        return x / (x + y);
    }

    static double gamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            // 1 - nextDouble() is in (0, 1]: never the log of 0 below.
            return gamma(shape + 1, random) * Math.pow(1 - random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = random.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - random.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
