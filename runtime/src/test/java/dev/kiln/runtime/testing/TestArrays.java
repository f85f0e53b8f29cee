package dev.kiln.runtime.testing;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;
import java.util.function.DoublePredicate;

/** Deterministic float64 test arrays, filled in Java so every run sees the same numbers. */
public final class TestArrays {
    private TestArrays() {
    }

    /** U[low, high) elements, row-major. */
    public static INDArray uniform(long seed, double low, double high, long... shape) {
        return accepted(seed, low, high, x -> true, shape);
    }

    /** U[low, high) elements for which {@code keep} holds (rejection sampling). */
    public static INDArray accepted(long seed, double low, double high, DoublePredicate keep, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(count(shape))];
        for (int i = 0; i < values.length; i++) {
            double x;
            do {
                x = low + (high - low) * rng.nextDouble();
            } while (!keep.test(x));
            values[i] = x;
        }
        return Nd4j.create(values, shape, 'c');
    }

    /** Weights R for the scalar probe L = Σ out ⊙ R: magnitudes in [0.5, 1.5), random signs. */
    public static INDArray probeWeights(long seed, long... shape) {
        return accepted(seed, -1.5, 1.5, x -> Math.abs(x) >= 0.5, shape);
    }

    /** One-hot rows [n, k] with random classes. */
    public static INDArray oneHot(long seed, int n, int k) {
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, n, k);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, rng.nextInt(k), 1.0);
        }
        return y;
    }

    /** N(0, 1) elements from java.util.Random's Gaussian, an independent generator from Kiln's. */
    public static INDArray standardNormal(long seed, long... shape) {
        java.util.Random rng = new java.util.Random(seed);
        double[] values = new double[Math.toIntExact(count(shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextGaussian();
        }
        return Nd4j.create(values, shape, 'c');
    }

    public static INDArray scalars(double... values) {
        return Nd4j.createFromArray(values);
    }

    private static long count(long[] shape) {
        long c = 1;
        for (long s : shape) {
            c *= s;
        }
        return c;
    }
}
