package dev.kiln.runtime.kernels;

import dev.kiln.runtime.check.GradCheckReport;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loop references for the normalization tests: statistics groups given as a map from a c-order
 * element index to its group, computed in plain Java doubles, independent of the kernels' views.
 */
final class NormTesting {
    static final double EPS = 1e-5;

    private NormTesting() {
    }

    /** A partition of an array's elements (c order) into statistics groups. */
    record Groups(int count, LongUnaryOperator groupOf) {
        /** BatchNorm: group = channel (axis 1). */
        static Groups byChannel(long[] shape) {
            long inner = inner(shape);
            long c = shape[1];
            return new Groups((int) c, i -> (i / inner) % c);
        }

        /** LayerNorm and RMSNorm: group = sample. */
        static Groups bySample(long[] shape) {
            long perSample = NormTesting.elements(shape) / shape[0];
            return new Groups((int) shape[0], i -> i / perSample);
        }

        /** GroupNorm: group = n·G + c/(C/G). */
        static Groups byGroupNorm(long[] shape, int g) {
            long inner = inner(shape);
            long c = shape[1];
            return new Groups((int) (shape[0] * g), i -> (i / inner / c) * g + ((i / inner) % c) / (c / g));
        }

        /** InstanceNorm: group = n·C + c. */
        static Groups byInstance(long[] shape) {
            long inner = inner(shape);
            return new Groups((int) (shape[0] * shape[1]), i -> i / inner);
        }

        private static long inner(long[] shape) {
            return NormTesting.elements(shape) / (shape[0] * shape[1]);
        }
    }

    static long elements(long[] shape) {
        long c = 1;
        for (long s : shape) {
            c *= s;
        }
        return c;
    }

    static double[] values(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    /** Per group: {mean, biased variance}. */
    static double[][] moments(INDArray x, Groups groups) {
        double[] v = values(x);
        double[] sum = new double[groups.count()];
        double[] n = new double[groups.count()];
        for (int i = 0; i < v.length; i++) {
            int g = (int) groups.groupOf().applyAsLong(i);
            sum[g] += v[i];
            n[g]++;
        }
        double[] mean = new double[groups.count()];
        double[] var = new double[groups.count()];
        for (int g = 0; g < mean.length; g++) {
            mean[g] = sum[g] / n[g];
        }
        for (int i = 0; i < v.length; i++) {
            int g = (int) groups.groupOf().applyAsLong(i);
            var[g] += (v[i] - mean[g]) * (v[i] - mean[g]);
        }
        for (int g = 0; g < var.length; g++) {
            var[g] /= n[g];
        }
        return new double[][]{mean, var};
    }

    /** (x − μ_g)/√(σ²_g + ε) per element. */
    static INDArray referenceXHat(INDArray x, Groups groups, double eps) {
        double[][] stats = moments(x, groups);
        double[] v = values(x);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int g = (int) groups.groupOf().applyAsLong(i);
            out[i] = (v[i] - stats[0][g]) / Math.sqrt(stats[1][g] + eps);
        }
        return Nd4j.create(out, x.shape(), 'c');
    }

    /** The largest |Σ_{i in g} a_i| over groups. */
    static double maxGroupSum(INDArray a, Groups groups) {
        double[] v = values(a);
        double[] sum = new double[groups.count()];
        for (int i = 0; i < v.length; i++) {
            sum[(int) groups.groupOf().applyAsLong(i)] += v[i];
        }
        double worst = 0;
        for (double s : sum) {
            worst = Math.max(worst, Math.abs(s));
        }
        return worst;
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    static void assertClose(INDArray expected, INDArray actual, double tolerance) {
        double diff = maxAbsDiff(expected, actual);
        assertTrue(diff <= tolerance, () -> "max |difference| " + diff + " > " + tolerance);
    }

    static void assertPassed(GradCheckReport report) {
        assertTrue(report.passed(), report::toString);
    }

    static Map<String, INDArray> inputs(Object... namesAndArrays) {
        Map<String, INDArray> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndArrays.length; i += 2) {
            map.put((String) namesAndArrays[i], (INDArray) namesAndArrays[i + 1]);
        }
        return map;
    }

    /** Shape without its first axis. */
    static long[] features(long[] shape) {
        return java.util.Arrays.copyOfRange(shape, 1, shape.length);
    }

    /**
     * Same shape and bit-for-bit the same values. (INDArray.equals, and so assertEquals on arrays,
     * forgives differences up to 1e-5.)
     */
    static void assertSameValues(INDArray expected, INDArray actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.shape(), actual.shape(), "shape");
        org.junit.jupiter.api.Assertions.assertArrayEquals(values(expected), values(actual));
    }
}
