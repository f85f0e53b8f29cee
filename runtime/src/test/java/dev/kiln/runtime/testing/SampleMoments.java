package dev.kiln.runtime.testing;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.DoublePredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sample mean and variance of an array's values (or of those a predicate keeps), in double, and
 * assertions with tolerances derived from the element count: five standard errors, where the
 * variance's standard error is sqrt((m4 - sigma^4) / n), m4 the distribution's fourth central moment.
 */
public record SampleMoments(double mean, double variance, double min, double max, long count) {

    public static SampleMoments of(INDArray array) {
        return of(array, x -> true);
    }

    public static SampleMoments of(INDArray array, DoublePredicate keep) {
        double[] values = array.dup().data().asDouble();
        double sum = 0;
        long n = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (keep.test(v)) {
                sum += v;
                n++;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            if (keep.test(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new SampleMoments(mean, squares / (n - 1), min, max, n);
    }

    public double maxAbs() {
        return Math.max(Math.abs(min), Math.abs(max));
    }

    /** Kurtosis m4/sigma^4 of a normal draw. */
    public static final double NORMAL_KURTOSIS = 3.0;
    /** Kurtosis m4/sigma^4 of a uniform draw. */
    public static final double UNIFORM_KURTOSIS = 9.0 / 5.0;

    /** Mean within 5 standard errors of {@code mean}, variance within 5 of {@code variance}. */
    public void assertMoments(double expectedMean, double expectedVariance, double kurtosis) {
        double n = count;
        assertEquals(expectedMean, mean, 5 * Math.sqrt(expectedVariance / n), "mean of " + count + " values");
        double varianceError = expectedVariance * Math.sqrt((kurtosis - 1) / n);
        assertEquals(expectedVariance, variance, 5 * varianceError, "variance of " + count + " values");
    }
}
