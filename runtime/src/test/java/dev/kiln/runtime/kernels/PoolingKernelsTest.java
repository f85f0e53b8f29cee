package dev.kiln.runtime.kernels;

import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolingKernelsTest {
    private static final long[] INPUT = {2, 3, 7, 6};

    static List<Pool2dGeometry> geometries() {
        return List.of(
                Pool2dGeometry.of(2, 2, 0),
                Pool2dGeometry.of(3, 2, 1),
                Pool2dGeometry.of(3, 1, 1),
                Pool2dGeometry.of(2, 1, 0),
                Pool2dGeometry.of(3, 2, 2, 1, 1, 0));
    }

    /**
     * A shuffled grid of values 0.01 apart, so no two elements of a window are within the difference
     * step of each other and the max-pool arg-max does not move under ±h.
     */
    static INDArray distinct(long seed, long... shape) {
        int n = Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b));
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 0.01 * i - 0.005 * n;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return Nd4j.create(values, shape, 'c');
    }

    private static INDArray output(Pool2dGeometry g) {
        int[] size = g.outputSize((int) INPUT[2], (int) INPUT[3]);
        return Nd4j.create(DataType.DOUBLE, INPUT[0], INPUT[1], size[0], size[1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void maxForwardMatchesLoopReferenceAndOverwrites(Pool2dGeometry g) {
        INDArray x = distinct(1, INPUT);
        INDArray y = Nd4j.valueArrayOf(output(g).shape(), 99.0, DataType.DOUBLE);
        MaxPool2dKernel.forward(x, g, y);
        MaxPool2dKernel.forward(x, g, y);
        assertEquals(0.0, ConvReference.maxAbsDifference(ConvReference.pool(x, g, true), y));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void avgForwardMatchesLoopReferenceAndOverwrites(Pool2dGeometry g) {
        INDArray x = TestArrays.uniform(2, -1, 1, INPUT);
        INDArray y = Nd4j.valueArrayOf(output(g).shape(), 99.0, DataType.DOUBLE);
        AvgPool2dKernel.forward(x, g, y);
        AvgPool2dKernel.forward(x, g, y);
        assertTrue(ConvReference.maxAbsDifference(ConvReference.pool(x, g, false), y) < 1e-15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void maxBackwardAgreesWithCentralDifferences(Pool2dGeometry g) {
        INDArray x = distinct(3, INPUT);
        INDArray y = output(g);
        INDArray r = TestArrays.probeWeights(4, y.shape());
        INDArray dx = Nd4j.valueArrayOf(INPUT, 99.0, DataType.DOUBLE);
        MaxPool2dKernel.backward(x, r, g, dx);
        GradCheckReport report = GradCheck.checkFunction(Map.of("x", x), () -> {
            MaxPool2dKernel.forward(x, g, y);
            return GradCheck.projection(y, r);
        }, Map.of("x", dx));
        assertTrue(report.passed(), () -> g + ": " + report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void avgBackwardAgreesWithCentralDifferences(Pool2dGeometry g) {
        INDArray x = TestArrays.uniform(5, -1, 1, INPUT);
        INDArray y = output(g);
        INDArray r = TestArrays.probeWeights(6, y.shape());
        INDArray dx = Nd4j.valueArrayOf(INPUT, 99.0, DataType.DOUBLE);
        AvgPool2dKernel.backward(x, r, g, dx);
        GradCheckReport report = GradCheck.checkFunction(Map.of("x", x), () -> {
            AvgPool2dKernel.forward(x, g, y);
            return GradCheck.projection(y, r);
        }, Map.of("x", dx));
        assertTrue(report.passed(), () -> g + ": " + report);
    }

    @Test
    void paddingNeverWinsTheMaximum() {
        INDArray x = TestArrays.uniform(7, -2, -1, 1, 1, 4, 4);
        INDArray y = Nd4j.create(DataType.DOUBLE, 1, 1, 2, 2);
        MaxPool2dKernel.forward(x, Pool2dGeometry.of(3, 2, 1), y);
        assertTrue(y.maxNumber().doubleValue() < -1.0, y::toString);
        double topLeft = Math.max(Math.max(x.getDouble(0, 0, 0, 0), x.getDouble(0, 0, 0, 1)),
                Math.max(x.getDouble(0, 0, 1, 0), x.getDouble(0, 0, 1, 1)));
        assertEquals(topLeft, y.getDouble(0, 0, 0, 0));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void tiedMaximumSendsTheGradientToTheFirstInRowMajorOrder(DataType type) {
        // float32 runs through oneDNN's pooling with a oneDNN binary, which must break ties alike.
        INDArray x = Nd4j.create(new double[]{0, 5, 5, 5}, new long[]{1, 1, 2, 2}, 'c').castTo(type);
        INDArray dy = Nd4j.create(new double[]{3}, new long[]{1, 1, 1, 1}, 'c').castTo(type);
        INDArray dx = x.ulike();
        MaxPool2dKernel.backward(x, dy, Pool2dGeometry.of(2, 2, 0), dx);
        assertEquals(Nd4j.create(new double[]{0, 3, 0, 0}, new long[]{1, 1, 2, 2}, 'c').castTo(type), dx);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void float32MatchesFloat64(Pool2dGeometry g) {
        // With a oneDNN binary float32 pooling (forward and backward) is oneDNN's; float64 is libnd4j's own.
        INDArray x = TestArrays.uniform(8, -1, 1, INPUT);
        int[] size = g.outputSize((int) INPUT[2], (int) INPUT[3]);
        INDArray dy = TestArrays.uniform(9, -1, 1, INPUT[0], INPUT[1], size[0], size[1]);
        for (boolean max : new boolean[]{true, false}) {
            INDArray y = Nd4j.create(DataType.DOUBLE, dy.shape());
            INDArray dx = x.ulike();
            INDArray yF = Nd4j.create(DataType.FLOAT, dy.shape());
            INDArray dxF = Nd4j.create(DataType.FLOAT, x.shape());
            if (max) {
                MaxPool2dKernel.forward(x, g, y);
                MaxPool2dKernel.backward(x, dy, g, dx);
                MaxPool2dKernel.forward(x.castTo(DataType.FLOAT), g, yF);
                MaxPool2dKernel.backward(x.castTo(DataType.FLOAT), dy.castTo(DataType.FLOAT), g, dxF);
            } else {
                AvgPool2dKernel.forward(x, g, y);
                AvgPool2dKernel.backward(x, dy, g, dx);
                AvgPool2dKernel.forward(x.castTo(DataType.FLOAT), g, yF);
                AvgPool2dKernel.backward(x.castTo(DataType.FLOAT), dy.castTo(DataType.FLOAT), g, dxF);
            }
            assertTrue(ConvReference.maxAbsDifference(y, yF) < 1e-6, () -> g + (max ? " max" : " avg") + " forward");
            assertTrue(ConvReference.maxAbsDifference(dx, dxF) < 1e-6, () -> g + (max ? " max" : " avg") + " backward");
        }
    }

    @Test
    void averageCountsPaddingInTheDivisor() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, 1, 1, 4, 4);
        INDArray y = Nd4j.create(DataType.DOUBLE, 1, 1, 2, 2);
        AvgPool2dKernel.forward(x, Pool2dGeometry.of(3, 2, 1), y);
        // The top-left window covers 2x2 real ones and 5 padded zeros: 4/9, not 1.
        assertEquals(4.0 / 9, y.getDouble(0, 0, 0, 0), 1e-15);
        assertEquals(6.0 / 9, y.getDouble(0, 0, 0, 1), 1e-15);
        assertEquals(1.0, y.getDouble(0, 0, 1, 1), 1e-15);
        INDArray dx = x.ulike();
        AvgPool2dKernel.backward(x, Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2), Pool2dGeometry.of(3, 2, 1), dx);
        assertEquals(1.0 / 9, dx.getDouble(0, 0, 0, 0), 1e-15);
        assertEquals(4.0 / 9, dx.getDouble(0, 0, 1, 1), 1e-15); // in all four windows
        assertEquals(1.0 / 9, dx.getDouble(0, 0, 2, 2), 1e-15);
    }

    @Test
    void outputSizesFromTheReference() {
        // Reference §12: a 3x3 pool with S2, P1 takes 112 -> 56.
        assertArrayEquals(new int[]{56, 56}, Pool2dGeometry.of(3, 2, 1).outputSize(112, 112));
        assertArrayEquals(new int[]{3, 3}, Pool2dGeometry.of(2, 2, 0).outputSize(7, 7));
        assertArrayEquals(new int[]{14, 7}, Pool2dGeometry.of(2, 2, 2, 4, 0, 0).outputSize(28, 28));
        assertThrows(IllegalArgumentException.class, () -> Pool2dGeometry.of(3, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Pool2dGeometry.of(0, 1, 0));
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> Pool2dGeometry.of(5, 1, 0).outputSize(8, 3));
        assertTrue(tooBig.getMessage().contains("width"), tooBig.getMessage());
        IllegalArgumentException wrongY = assertThrows(IllegalArgumentException.class,
                () -> MaxPool2dKernel.forward(Nd4j.create(DataType.DOUBLE, 1, 2, 6, 6), Pool2dGeometry.of(2, 2, 0),
                        Nd4j.create(DataType.DOUBLE, 1, 2, 2, 2)));
        assertTrue(wrongY.getMessage().startsWith("y must have shape [1, 2, 3, 3]"), wrongY.getMessage());
    }

    @Test
    void globalAveragePoolIsTheChannelMeanAndOverwrites() {
        INDArray x = TestArrays.uniform(8, -1, 1, INPUT);
        INDArray y = Nd4j.valueArrayOf(new long[]{INPUT[0], INPUT[1]}, 99.0, DataType.DOUBLE);
        GlobalAvgPoolKernel.forward(x, y);
        GlobalAvgPoolKernel.forward(x, y);
        for (int n = 0; n < INPUT[0]; n++) {
            for (int c = 0; c < INPUT[1]; c++) {
                double sum = 0;
                for (int h = 0; h < INPUT[2]; h++) {
                    for (int w = 0; w < INPUT[3]; w++) {
                        sum += x.getDouble(n, c, h, w);
                    }
                }
                assertEquals(sum / (INPUT[2] * INPUT[3]), y.getDouble(n, c), 1e-15);
            }
        }
    }

    @Test
    void globalAveragePoolBackwardAgreesWithCentralDifferences() {
        INDArray x = TestArrays.uniform(9, -1, 1, INPUT);
        INDArray y = Nd4j.create(DataType.DOUBLE, INPUT[0], INPUT[1]);
        INDArray r = TestArrays.probeWeights(10, INPUT[0], INPUT[1]);
        INDArray dx = Nd4j.valueArrayOf(INPUT, 99.0, DataType.DOUBLE);
        GlobalAvgPoolKernel.backward(r, dx);
        GradCheckReport report = GradCheck.checkFunction(Map.of("x", x), () -> {
            GlobalAvgPoolKernel.forward(x, y);
            return GradCheck.projection(y, r);
        }, Map.of("x", dx));
        assertTrue(report.passed(), report::toString);
        assertEquals(r.getDouble(1, 2) / 42, dx.getDouble(1, 2, 6, 5), 1e-15);
    }
}
