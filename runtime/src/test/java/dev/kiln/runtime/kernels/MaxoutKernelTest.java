package dev.kiln.runtime.kernels;

import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxoutKernelTest {
    private static final FeatureLayout NCHW = FeatureLayout.NCHW;
    private static final FeatureLayout NHWC = FeatureLayout.NHWC;

    /** x [2, 4]: a tie (-2, -2) in row 0's second pair, an exact 0 winning in row 1's first. */
    private static final double[][] X = {{1, 3, -2, -2}, {0, -0.5, 5, 4}};

    private static INDArray matrix(double[][] values, DataType type) {
        return Nd4j.createFromArray(values).castTo(type);
    }

    private static double[] values(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    private static INDArray toNhwc(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1).dup('c');
    }

    private static INDArray toNchw(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2).dup('c');
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void handWorkedPairs(DataType type) {
        INDArray x = matrix(X, type);
        INDArray y = Nd4j.valueArrayOf(new long[]{2, 2}, 99.0, type);
        MaxoutKernel.forward(x, 2, y);
        assertArrayEquals(new double[]{3, -2, 0, 5}, values(y));
        INDArray dx = Nd4j.valueArrayOf(new long[]{2, 4}, 99.0, type);
        MaxoutKernel.backward(x, 2, matrix(new double[][]{{10, 20}, {30, 40}}, type), dx);
        // The tie (-2, -2) sends 20 to its first piece; every non-max piece gets exactly 0.
        assertArrayEquals(new double[]{0, 10, 20, 0, 30, 0, 40, 0}, values(dx));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void handWorkedFourPieces(DataType type) {
        INDArray x = matrix(X, type);
        INDArray y = Nd4j.valueArrayOf(new long[]{2, 1}, 99.0, type);
        MaxoutKernel.forward(x, 4, y);
        assertArrayEquals(new double[]{3, 5}, values(y));
        INDArray dx = Nd4j.valueArrayOf(new long[]{2, 4}, 99.0, type);
        MaxoutKernel.backward(x, 4, matrix(new double[][]{{7}, {8}}, type), dx);
        assertArrayEquals(new double[]{0, 7, 0, 0, 0, 0, 8, 0}, values(dx));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void tiesGoToTheLowestPiece(DataType type) {
        // Three equal pieces, then a tie of the two upper pieces above the lowest.
        INDArray x = Nd4j.createFromArray(new double[][]{{4, 4, 4, 1, 7, 7}}).castTo(type);
        INDArray y = Nd4j.create(type, 1, 2);
        MaxoutKernel.forward(x, 3, y);
        assertArrayEquals(new double[]{4, 7}, values(y));
        INDArray dx = x.ulike();
        MaxoutKernel.backward(x, 3, Nd4j.createFromArray(new double[][]{{2, 3}}).castTo(type), dx);
        assertArrayEquals(new double[]{2, 0, 0, 0, 3, 0}, values(dx));

        // [1, 2, 1, 2]: channel 0 = (5, 1), channel 1 = (5, 2); spatial position 0 ties.
        INDArray image = Nd4j.createFromArray(new double[]{5, 1, 5, 2}).reshape(1, 2, 1, 2).castTo(type);
        INDArray dImage = image.ulike();
        MaxoutKernel.backward(image, 2, Nd4j.createFromArray(new double[]{6, 9}).reshape(1, 1, 1, 2).castTo(type),
                dImage);
        assertArrayEquals(new double[]{6, 0, 0, 9}, values(dImage));
        INDArray imageLast = toNhwc(image);
        INDArray dImageLast = imageLast.ulike();
        MaxoutKernel.backward(NHWC, imageLast, 2,
                Nd4j.createFromArray(new double[]{6, 9}).reshape(1, 1, 2, 1).castTo(type), dImageLast);
        assertArrayEquals(new double[]{6, 0, 0, 9}, values(toNchw(dImageLast)));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void signedZerosTieAndOnlyTheFirstGetsTheGradient(DataType type) {
        INDArray x = Nd4j.createFromArray(new double[][]{{-0.0, 0.0, 0.0, -0.0}}).castTo(type);
        INDArray y = Nd4j.create(type, 1, 2);
        MaxoutKernel.forward(x, 2, y);
        assertArrayEquals(new double[]{0.0, 0.0}, values(y)); // +0, as Math.max gives
        INDArray dx = Nd4j.valueArrayOf(new long[]{1, 4}, 99.0, type);
        MaxoutKernel.backward(x, 2, Nd4j.createFromArray(new double[][]{{5, -6}}).castTo(type), dx);
        assertArrayEquals(new double[]{5, 0, -6, 0}, values(dx));
    }

    /** Layouts, shapes and pieces: dense, NCHW, channels-last, rank 3. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(NCHW, new long[]{5, 6}, 2),
                Arguments.of(NCHW, new long[]{5, 6}, 3),
                Arguments.of(NCHW, new long[]{2, 6, 3, 2}, 3),
                Arguments.of(NHWC, new long[]{2, 3, 2, 6}, 2),
                Arguments.of(NHWC, new long[]{4, 8}, 4),
                Arguments.of(NCHW, new long[]{2, 4, 5}, 2));
    }

    private static long[] outputShape(FeatureLayout layout, long[] shape, int pieces) {
        long[] out = shape.clone();
        int axis = layout == NHWC && shape.length == 4 ? 3 : 1;
        out[axis] /= pieces;
        return out;
    }

    @ParameterizedTest(name = "{0} {1} pieces {2}")
    @MethodSource("cases")
    void backwardAgreesWithCentralDifferences(FeatureLayout layout, long[] shape, int pieces) {
        // Values 0.01 apart: no two pieces within 1e-3 of each other, so ±h never moves an arg-max.
        INDArray x = PoolingKernelsTest.distinct(1, shape);
        long[] outShape = outputShape(layout, shape, pieces);
        INDArray r = TestArrays.probeWeights(2, outShape);
        INDArray dx = Nd4j.valueArrayOf(shape, 99.0, DataType.DOUBLE);
        MaxoutKernel.backward(layout, x, pieces, r, dx);
        INDArray y = Nd4j.create(DataType.DOUBLE, outShape);
        GradCheckReport report = GradCheck.checkFunction(Map.of("x", x), () -> {
            MaxoutKernel.forward(layout, x, pieces, y);
            return GradCheck.projection(y, r);
        }, Map.of("x", dx));
        assertTrue(report.passed(), report::toString);
        // Exactly one piece per output receives its gradient; the others get exactly 0.
        assertEquals(y.length(), dx.neq(0.0).castTo(DataType.DOUBLE).sumNumber().longValue());
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void channelsLastEqualsChannelsFirstTransposedBitForBit(DataType type) {
        INDArray x = TestArrays.uniform(3, -2, 2, 2, 6, 4, 5).castTo(type);
        INDArray dy = TestArrays.uniform(4, -1, 1, 2, 3, 4, 5).castTo(type);
        INDArray y = dy.ulike();
        INDArray dx = x.ulike();
        MaxoutKernel.forward(x, 2, y);
        MaxoutKernel.backward(x, 2, dy, dx);
        INDArray yLast = toNhwc(y).assign(99.0);
        INDArray dxLast = toNhwc(x).assign(99.0);
        MaxoutKernel.forward(NHWC, toNhwc(x), 2, yLast);
        MaxoutKernel.backward(NHWC, toNhwc(x), 2, toNhwc(dy), dxLast);
        assertArrayEquals(values(y), values(toNchw(yLast)));
        assertArrayEquals(values(dx), values(toNchw(dxLast)));
    }

    @Test
    void matchesALoopReferenceOverGroupsOfConsecutiveChannels() {
        INDArray x = TestArrays.uniform(5, -2, 2, 3, 6, 2, 3);
        INDArray y = Nd4j.create(DataType.DOUBLE, 3, 2, 2, 3);
        MaxoutKernel.forward(x, 3, y);
        for (int n = 0; n < 3; n++) {
            for (int j = 0; j < 2; j++) {
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 3; w++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int p = 0; p < 3; p++) {
                            max = Math.max(max, x.getDouble(n, 3 * j + p, h, w));
                        }
                        assertEquals(max, y.getDouble(n, j, h, w));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void nanPropagatesAndTakesTheGradient(DataType type) {
        // Pairs (NaN, 1), (2, NaN), (NaN, NaN), (3, 4).
        INDArray x = Nd4j.createFromArray(new double[][]{{Double.NaN, 1, 2, Double.NaN, Double.NaN, Double.NaN, 3, 4}})
                .castTo(type);
        INDArray y = Nd4j.create(type, 1, 4);
        MaxoutKernel.forward(x, 2, y);
        assertArrayEquals(new double[]{Double.NaN, Double.NaN, Double.NaN, 4}, values(y));
        INDArray dx = x.ulike();
        MaxoutKernel.backward(x, 2, Nd4j.createFromArray(new double[][]{{1, 2, 3, 4}}).castTo(type), dx);
        // dy goes to the NaN piece (the first one of two NaNs).
        assertArrayEquals(new double[]{1, 0, 0, 2, 3, 0, 0, 4}, values(dx));

        // A NaN between a smaller and a larger number still wins.
        INDArray triple = Nd4j.createFromArray(new double[][]{{5, Double.NaN, 9}}).castTo(type);
        INDArray single = Nd4j.create(type, 1, 1);
        MaxoutKernel.forward(triple, 3, single);
        assertTrue(Double.isNaN(single.getDouble(0)));
        INDArray dTriple = triple.ulike();
        MaxoutKernel.backward(triple, 3, Nd4j.ones(type, 1, 1), dTriple);
        assertArrayEquals(new double[]{0, 1, 0}, values(dTriple));
    }

    @Test
    void stridedViewsGiveTheSameResults() {
        INDArray nchw = PoolingKernelsTest.distinct(6, 2, 4, 3, 5);
        INDArray xView = nchw.permute(0, 2, 3, 1); // [2, 3, 5, 4], not c-ordered
        INDArray x = xView.dup('c');
        INDArray dy = TestArrays.uniform(7, -1, 1, 2, 3, 5, 2);
        INDArray y = dy.ulike();
        INDArray dx = x.ulike();
        MaxoutKernel.forward(NHWC, x, 2, y);
        MaxoutKernel.backward(NHWC, x, 2, dy, dx);

        INDArray wideY = Nd4j.valueArrayOf(new long[]{2, 3, 5, 4}, 99.0, DataType.DOUBLE);
        INDArray yView = wideY.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(1, 3));
        INDArray dyView = toNchw(dy).permute(0, 2, 3, 1);
        INDArray wideDx = Nd4j.valueArrayOf(new long[]{2, 3, 5, 6}, 99.0, DataType.DOUBLE);
        INDArray dxView = wideDx.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(1, 5));
        assertTrue(!LoopArrays.isFlat(xView) && !LoopArrays.isFlat(yView) && !LoopArrays.isFlat(dyView)
                && !LoopArrays.isFlat(dxView), "the views must take the copying path");
        MaxoutKernel.forward(NHWC, xView, 2, yView);
        MaxoutKernel.backward(NHWC, xView, 2, dyView, dxView);
        assertArrayEquals(values(y), values(yView));
        assertArrayEquals(values(dx), values(dxView));
        assertEquals(99.0, wideY.getDouble(1, 2, 4, 3));
        assertEquals(99.0, wideDx.getDouble(0, 0, 0, 0));
        assertEquals(99.0, wideDx.getDouble(1, 2, 4, 5));
    }

    @Test
    void wrongShapesAndPiecesNameTheArrays() {
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 6, 3, 3);
        IllegalArgumentException indivisible = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.forward(x, 4, Nd4j.create(DataType.DOUBLE, 2, 1, 3, 3)));
        assertEquals("maxout x [2, 6, 3, 3] has 6 channels (axis 1), not divisible by pieces = 4",
                indivisible.getMessage());
        IllegalArgumentException indivisibleLast = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.backward(NHWC, Nd4j.create(DataType.DOUBLE, 2, 3, 3, 5), 2,
                        Nd4j.create(DataType.DOUBLE, 2, 3, 3, 2), Nd4j.create(DataType.DOUBLE, 2, 3, 3, 5)));
        assertEquals("maxout x [2, 3, 3, 5] has 5 channels (axis 3), not divisible by pieces = 2",
                indivisibleLast.getMessage());
        for (int pieces : new int[]{1, 0, -2}) {
            IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                    () -> MaxoutKernel.forward(x, pieces, x.ulike()));
            assertEquals("maxout needs pieces >= 2 (one piece is the identity), got " + pieces, few.getMessage());
        }
        IllegalArgumentException wrongY = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.forward(x, 2, Nd4j.create(DataType.DOUBLE, 2, 2, 3, 3)));
        assertEquals("y must have shape [2, 3, 3, 3], got [2, 2, 3, 3]", wrongY.getMessage());
        IllegalArgumentException wrongYLast = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.forward(NHWC, x, 3, Nd4j.create(DataType.DOUBLE, 2, 2, 3, 3)));
        assertEquals("y must have shape [2, 6, 3, 1], got [2, 2, 3, 3]", wrongYLast.getMessage());
        IllegalArgumentException wrongDy = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.backward(x, 3, Nd4j.create(DataType.DOUBLE, 2, 3, 3, 3), x.ulike()));
        assertEquals("dy must have shape [2, 2, 3, 3], got [2, 3, 3, 3]", wrongDy.getMessage());
        IllegalArgumentException wrongDx = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.backward(x, 3, Nd4j.create(DataType.DOUBLE, 2, 2, 3, 3),
                        Nd4j.create(DataType.DOUBLE, 2, 2, 3, 3)));
        assertEquals("x [2, 6, 3, 3] and dx [2, 2, 3, 3] must have the same shape", wrongDx.getMessage());
        IllegalArgumentException vector = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.forward(Nd4j.create(DataType.DOUBLE, 6), 2, Nd4j.create(DataType.DOUBLE, 3)));
        assertTrue(vector.getMessage().startsWith("maxout input x must be a non-empty array of rank >= 2")
                && vector.getMessage().endsWith("got shape [6]"), vector.getMessage());
    }

    @Test
    void mismatchedTypesAndAliasingAreRejected() {
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 4);
        IllegalArgumentException floatY = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.forward(x, 2, Nd4j.create(DataType.FLOAT, 2, 2)));
        assertTrue(floatY.getMessage().startsWith("y is FLOAT but x is DOUBLE"), floatY.getMessage());
        IllegalArgumentException floatDx = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.backward(x, 2, Nd4j.create(DataType.DOUBLE, 2, 2), Nd4j.create(DataType.FLOAT, 2, 4)));
        assertTrue(floatDx.getMessage().startsWith("dx is FLOAT but x is DOUBLE"), floatDx.getMessage());
        IllegalArgumentException integers = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.forward(Nd4j.create(DataType.INT, 2, 4), 2, Nd4j.create(DataType.INT, 2, 2)));
        assertEquals("maxout works on FLOAT and DOUBLE arrays; x is INT", integers.getMessage());
        INDArray wide = Nd4j.create(DataType.DOUBLE, 2, 4);
        INDArray firstHalf = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
        IllegalArgumentException yOnX = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.forward(wide, 2, firstHalf));
        assertTrue(yOnX.getMessage().startsWith("x and y must be different arrays"), yOnX.getMessage());
        IllegalArgumentException dxOnX = assertThrows(IllegalArgumentException.class,
                () -> MaxoutKernel.backward(x, 2, Nd4j.create(DataType.DOUBLE, 2, 2), x));
        assertTrue(dxOnX.getMessage().startsWith("x and dx must be different arrays"), dxOnX.getMessage());
    }
}
