package dev.kiln.runtime.kernels;

import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AxisSumsTest {

    static List<long[]> shapes() {
        return List.of(new long[]{5, 3, 7}, new long[]{1, 4, 6}, new long[]{6, 4, 1}, new long[]{1, 3, 1}, new long[]{128, 2, 9});
    }

    /** Σ over axes 0 and 2, element by element in Java. */
    private static double[] loopSums(INDArray x) {
        double[] sums = new double[(int) x.size(1)];
        for (int a = 0; a < x.size(0); a++) {
            for (int g = 0; g < x.size(1); g++) {
                for (int b = 0; b < x.size(2); b++) {
                    sums[g] += x.getDouble(a, g, b);
                }
            }
        }
        return sums;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void sumsOverTheOuterAndInnerAxesAndOverwrite(long[] shape) {
        INDArray x = TestArrays.uniform(71, -1, 1, shape);
        INDArray out = Nd4j.valueArrayOf(new long[]{shape[1]}, 99.0, DataType.DOUBLE);
        AxisSums.sum(x, out);
        double[] expected = loopSums(x);
        for (int g = 0; g < expected.length; g++) {
            assertEquals(expected[g], out.getDouble(g), 1e-13);
        }
        AxisSums.sum(x, out); // again into the same buffer: no accumulation
        assertEquals(expected[0], out.getDouble(0), 1e-13);
    }

    @Test
    void float32SumsStayWithinTheSummationBound() {
        // 100,352 values per channel, as in a batch of 128 28x28 maps: |error| ≤ m·u·Σ|x| (Higham).
        INDArray x = TestArrays.uniform(72, -1, 1, 128, 2, 784);
        INDArray out = Nd4j.create(DataType.FLOAT, 2);
        AxisSums.sum(x.castTo(DataType.FLOAT), out);
        double[] expected = loopSums(x.castTo(DataType.FLOAT).castTo(DataType.DOUBLE));
        double bound = 128 * 784 * Math.pow(2, -24) * 128 * 784;
        for (int g = 0; g < 2; g++) {
            assertTrue(Math.abs(expected[g] - out.getDouble(g)) <= bound);
            assertTrue(Math.abs(expected[g] - out.getDouble(g)) <= 1e-2, "typical float32 error is far below the bound");
        }
    }

    @Test
    void stridedInputsAndOutputsTakeTheLibraryReduction() {
        INDArray wide = TestArrays.uniform(73, -1, 1, 4, 6, 5);
        INDArray x = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4), NDArrayIndex.all());
        INDArray outBase = Nd4j.valueArrayOf(new long[]{3, 2}, 99.0, DataType.DOUBLE);
        INDArray out = outBase.get(NDArrayIndex.all(), NDArrayIndex.point(1));
        AxisSums.sum(x, out);
        double[] expected = loopSums(x);
        for (int g = 0; g < 3; g++) {
            assertEquals(expected[g], out.getDouble(g), 1e-13);
            assertEquals(99.0, outBase.getDouble(g, 0));
        }
    }
}
