package dev.kiln.runtime.kernels;

import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

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
    void longColumnsAreSummedInTwoStagesWithinTheirBound() {
        // A channels-last batch norm's [N·H·W, C, 1] for batch 128 and 28x28 maps: 100,352 = 392 · 256
        // rows per channel, summed in two products of 392 and 256 terms, so |error| ≤ (392 + 256)·u·Σ|x|
        // where one product over all rows is only bounded by 100,352·u·Σ|x|.
        INDArray x = TestArrays.uniform(74, -1, 1, 100_352, 2, 1).castTo(DataType.FLOAT);
        INDArray out = Nd4j.create(DataType.FLOAT, 2);
        AxisSums.sum(x, out);
        INDArray exact = x.castTo(DataType.DOUBLE).sum(0, 2);
        INDArray magnitude = Transforms.abs(x.castTo(DataType.DOUBLE), true).sum(0, 2);
        for (int g = 0; g < 2; g++) {
            double error = Math.abs(exact.getDouble(g) - out.getDouble(g));
            double bound = (392 + 256) * Math.pow(2, -24) * magnitude.getDouble(g);
            assertTrue(error <= bound, "channel " + g + ": error " + error + " above the two-stage bound " + bound);
            // In practice far below: 0.03·u·Σ|x| on these values (oneDNN binary), against 0.17 and 0.42 for
            // one product over all rows, the error behind 6e-4 relative in a cancelling batch norm dβ.
            assertTrue(error <= 0.1 * Math.pow(2, -24) * magnitude.getDouble(g), "channel " + g + ": error " + error);
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
