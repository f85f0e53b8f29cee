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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PReluKernelTest {
    private static final FeatureLayout NCHW = FeatureLayout.NCHW;
    private static final FeatureLayout NHWC = FeatureLayout.NHWC;

    /** x [2, 4] with negatives, positives and an exact 0 in channels 2 and 3; α exact in binary. */
    private static final double[][] X = {{1, -2, 0, -0.5}, {-4, 3, -1, 0}};
    private static final double[] ALPHA = {0.25, 0.5, 0.125, 2};
    private static final double[][] DY = {{1, 2, 3, 4}, {5, 6, 7, 8}};

    private static INDArray matrix(double[][] values, DataType type) {
        return Nd4j.createFromArray(values).castTo(type);
    }

    private static double[] values(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    /** An NCHW array's values in a new c-ordered NHWC array. */
    private static INDArray toNhwc(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1).dup('c');
    }

    /** An NHWC array's values in a new c-ordered NCHW array. */
    private static INDArray toNchw(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2).dup('c');
    }

    /** U[-2, 2) values at least 1e-3 from the kink at 0, so x ± h never crosses it. */
    private static INDArray awayFromKink(long seed, long... shape) {
        return TestArrays.accepted(seed, -2, 2, v -> Math.abs(v) >= 1e-3, shape);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void handWorkedPerChannelCase(DataType type) {
        INDArray x = matrix(X, type);
        INDArray alpha = Nd4j.createFromArray(ALPHA).castTo(type);
        INDArray y = Nd4j.valueArrayOf(new long[]{2, 4}, 99.0, type);
        PReluKernel.forward(x, alpha, y);
        assertArrayEquals(new double[]{1, -1, 0, -1, -1, 3, -0.125, 0}, values(y));

        INDArray dy = matrix(DY, type);
        INDArray dx = Nd4j.valueArrayOf(new long[]{2, 4}, 99.0, type);
        INDArray dAlpha = Nd4j.valueArrayOf(new long[]{4}, -123.0, type);
        PReluKernel.backward(x, alpha, dy, dx, dAlpha);
        // At x = 0 (channel 2 of row 0, channel 3 of row 1) the slope is α, as leaky ReLU's.
        assertArrayEquals(new double[]{1, 1, 0.375, 8, 1.25, 6, 0.875, 16}, values(dx));
        // Σ_{x ≤ 0} dy·x per channel: -4·5; -2·2; 0·3 - 1·7; -0.5·4 + 0·8.
        assertArrayEquals(new double[]{-20, -4, -7, -2}, values(dAlpha));
        // Overwritten, not accumulated: a second call gives the same dα.
        PReluKernel.backward(x, alpha, dy, dx, dAlpha);
        assertArrayEquals(new double[]{-20, -4, -7, -2}, values(dAlpha));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void handWorkedSharedCase(DataType type) {
        INDArray x = matrix(X, type);
        INDArray alpha = Nd4j.createFromArray(0.25).reshape(1).castTo(type);
        INDArray y = x.ulike();
        PReluKernel.forward(x, alpha, y);
        assertArrayEquals(new double[]{1, -0.5, 0, -0.125, -1, 3, -0.25, 0}, values(y));

        INDArray dx = x.ulike();
        INDArray dAlpha = Nd4j.valueArrayOf(new long[]{1}, 55.0, type);
        PReluKernel.backward(x, alpha, matrix(DY, type), dx, dAlpha);
        assertArrayEquals(new double[]{1, 0.5, 0.75, 1, 1.25, 6, 1.75, 2}, values(dx));
        assertArrayEquals(new double[]{-33}, values(dAlpha)); // -20 - 4 - 7 - 2, over every element
    }

    /** Shapes and layouts of x: dense, NCHW, channels-last, rank 3; α per channel or shared. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(NCHW, new long[]{5, 3}, false),
                Arguments.of(NCHW, new long[]{5, 3}, true),
                Arguments.of(NCHW, new long[]{3, 4, 3, 2}, false),
                Arguments.of(NCHW, new long[]{3, 4, 3, 2}, true),
                Arguments.of(NHWC, new long[]{3, 3, 2, 4}, false),
                Arguments.of(NHWC, new long[]{3, 3, 2, 4}, true),
                Arguments.of(NHWC, new long[]{5, 3}, false),
                Arguments.of(NCHW, new long[]{2, 3, 7}, false));
    }

    private static long channels(FeatureLayout layout, long[] shape) {
        return layout == NHWC && shape.length == 4 ? shape[3] : shape[1];
    }

    @ParameterizedTest(name = "{0} {1} shared {2}")
    @MethodSource("cases")
    void gradientsAgreeWithCentralDifferences(FeatureLayout layout, long[] shape, boolean shared) {
        INDArray x = awayFromKink(1, shape);
        INDArray alpha = TestArrays.uniform(2, -0.5, 1.5, shared ? 1 : channels(layout, shape));
        INDArray r = TestArrays.probeWeights(3, shape);
        INDArray dx = Nd4j.valueArrayOf(shape, 99.0, DataType.DOUBLE);
        INDArray dAlpha = Nd4j.valueArrayOf(alpha.shape(), 99.0, DataType.DOUBLE);
        PReluKernel.backward(layout, x, alpha, r, dx, dAlpha);

        INDArray y = x.ulike();
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("x", x);
        inputs.put("alpha", alpha);
        GradCheckReport report = GradCheck.checkFunction(inputs, () -> {
            PReluKernel.forward(layout, x, alpha, y);
            return GradCheck.projection(y, r);
        }, Map.of("x", dx, "alpha", dAlpha));
        assertTrue(report.passed(), report::toString);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void channelsLastEqualsChannelsFirstTransposedBitForBit(DataType type) {
        INDArray x = TestArrays.uniform(4, -2, 2, 2, 3, 4, 5).castTo(type);
        INDArray alpha = TestArrays.uniform(5, 0, 1, 3).castTo(type);
        INDArray dy = TestArrays.uniform(6, -1, 1, 2, 3, 4, 5).castTo(type);
        INDArray y = x.ulike();
        INDArray dx = x.ulike();
        INDArray dAlpha = alpha.ulike();
        PReluKernel.forward(x, alpha, y);
        PReluKernel.backward(x, alpha, dy, dx, dAlpha);

        INDArray xLast = toNhwc(x);
        INDArray yLast = xLast.ulike();
        INDArray dxLast = xLast.ulike();
        INDArray dAlphaLast = alpha.ulike();
        PReluKernel.forward(NHWC, xLast, alpha, yLast);
        PReluKernel.backward(NHWC, xLast, alpha, toNhwc(dy), dxLast, dAlphaLast);
        assertArrayEquals(values(y), values(toNchw(yLast)));
        assertArrayEquals(values(dx), values(toNchw(dxLast)));
        // A channel's dα is summed over (n, h, w) in the same order in both layouts.
        assertArrayEquals(values(dAlpha), values(dAlphaLast));

        INDArray shared = alpha.get(NDArrayIndex.interval(0, 1)).dup();
        INDArray dShared = shared.ulike();
        INDArray dSharedLast = shared.ulike();
        PReluKernel.forward(x, shared, y);
        PReluKernel.forward(NHWC, xLast, shared, yLast);
        assertArrayEquals(values(y), values(toNchw(yLast)));
        PReluKernel.backward(x, shared, dy, dx, dShared);
        PReluKernel.backward(NHWC, xLast, shared, toNhwc(dy), dxLast, dSharedLast);
        assertArrayEquals(values(dx), values(toNchw(dxLast)));
        // The shared sum visits the elements in another order: equal to rounding.
        assertEquals(dShared.getDouble(0), dSharedLast.getDouble(0), type == DataType.FLOAT ? 1e-5 : 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void dxMayBeDyAndMayBeOmitted(DataType type) {
        INDArray x = TestArrays.uniform(7, -2, 2, 3, 4, 2, 2).castTo(type);
        INDArray alpha = TestArrays.uniform(8, 0, 1, 4).castTo(type);
        INDArray dy = TestArrays.uniform(9, -1, 1, 3, 4, 2, 2).castTo(type);
        INDArray dx = x.ulike();
        INDArray dAlpha = alpha.ulike();
        PReluKernel.backward(x, alpha, dy, dx, dAlpha);

        INDArray inPlace = dy.dup();
        INDArray dAlphaInPlace = alpha.ulike();
        PReluKernel.backward(x, alpha, inPlace, inPlace, dAlphaInPlace);
        assertArrayEquals(values(dx), values(inPlace));
        assertArrayEquals(values(dAlpha), values(dAlphaInPlace));

        INDArray dAlphaOnly = Nd4j.valueArrayOf(alpha.shape(), 7.0, type);
        INDArray dyBefore = dy.dup();
        PReluKernel.backward(x, alpha, dy, null, dAlphaOnly);
        assertArrayEquals(values(dAlpha), values(dAlphaOnly));
        assertArrayEquals(values(dyBefore), values(dy));
    }

    @Test
    void matchesTheFormulaElementByElement() {
        INDArray x = TestArrays.uniform(10, -2, 2, 4, 3, 5);
        INDArray alpha = TestArrays.uniform(11, -0.5, 1.5, 3);
        INDArray dy = TestArrays.uniform(12, -1, 1, 4, 3, 5);
        INDArray y = x.ulike();
        INDArray dx = x.ulike();
        INDArray dAlpha = alpha.ulike();
        PReluKernel.forward(x, alpha, y);
        PReluKernel.backward(x, alpha, dy, dx, dAlpha);
        double[] sums = new double[3];
        for (int n = 0; n < 4; n++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 5; i++) {
                    double v = x.getDouble(n, c, i);
                    double g = dy.getDouble(n, c, i);
                    double a = alpha.getDouble(c);
                    assertEquals(v > 0 ? v : a * v, y.getDouble(n, c, i));
                    assertEquals(v > 0 ? g : a * g, dx.getDouble(n, c, i));
                    sums[c] += v > 0 ? 0 : g * v;
                }
            }
        }
        assertArrayEquals(sums, values(dAlpha), 1e-15);
    }

    @Test
    void float32MatchesFloat64() {
        INDArray x = TestArrays.uniform(13, -2, 2, 3, 4, 3, 3);
        INDArray alpha = TestArrays.uniform(14, 0, 1, 4);
        INDArray dy = TestArrays.uniform(15, -1, 1, 3, 4, 3, 3);
        INDArray y = x.ulike();
        INDArray dx = x.ulike();
        INDArray dAlpha = alpha.ulike();
        PReluKernel.forward(x, alpha, y);
        PReluKernel.backward(x, alpha, dy, dx, dAlpha);
        INDArray xF = x.castTo(DataType.FLOAT);
        INDArray alphaF = alpha.castTo(DataType.FLOAT);
        INDArray yF = xF.ulike();
        INDArray dxF = xF.ulike();
        INDArray dAlphaF = alphaF.ulike();
        PReluKernel.forward(xF, alphaF, yF);
        PReluKernel.backward(xF, alphaF, dy.castTo(DataType.FLOAT), dxF, dAlphaF);
        assertTrue(ConvReference.maxAbsDifference(y, yF.castTo(DataType.DOUBLE)) < 1e-6);
        assertTrue(ConvReference.maxAbsDifference(dx, dxF.castTo(DataType.DOUBLE)) < 1e-6);
        assertTrue(ConvReference.maxAbsDifference(dAlpha, dAlphaF.castTo(DataType.DOUBLE)) < 1e-5);
    }

    @Test
    void stridedViewsGiveTheSameResults() {
        // x a permuted view (NHWC seen through NCHW's memory), α and dα every second element of a
        // vector, y and dx channel ranges of wider arrays: none is c-ordered and contiguous.
        INDArray nchw = TestArrays.uniform(16, -2, 2, 2, 3, 4, 5);
        INDArray xView = nchw.permute(0, 2, 3, 1);
        INDArray x = xView.dup('c');
        INDArray alphaStore = TestArrays.uniform(17, 0, 1, 6);
        INDArray alphaView = alphaStore.get(NDArrayIndex.interval(0, 2, 6));
        INDArray alpha = alphaView.dup();
        INDArray dy = TestArrays.uniform(18, -1, 1, 2, 4, 5, 3);

        INDArray y = x.ulike();
        INDArray dx = x.ulike();
        INDArray dAlpha = alpha.ulike();
        PReluKernel.forward(NHWC, x, alpha, y);
        PReluKernel.backward(NHWC, x, alpha, dy, dx, dAlpha);

        INDArray wide = Nd4j.valueArrayOf(new long[]{2, 4, 5, 6}, 99.0, DataType.DOUBLE);
        INDArray yView = wide.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(1, 4));
        INDArray wideDx = Nd4j.valueArrayOf(new long[]{2, 4, 5, 6}, 99.0, DataType.DOUBLE);
        INDArray dxView = wideDx.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(2, 5));
        INDArray dAlphaStore = Nd4j.valueArrayOf(new long[]{6}, 99.0, DataType.DOUBLE);
        INDArray dAlphaView = dAlphaStore.get(NDArrayIndex.interval(1, 2, 6));
        assertTrue(!LoopArrays.isFlat(xView) && !LoopArrays.isFlat(alphaView) && !LoopArrays.isFlat(yView)
                && !LoopArrays.isFlat(dAlphaView), "the views must take the copying path");
        PReluKernel.forward(NHWC, xView, alphaView, yView);
        PReluKernel.backward(NHWC, xView, alphaView, dy, dxView, dAlphaView);
        assertArrayEquals(values(y), values(yView));
        assertArrayEquals(values(dx), values(dxView));
        assertArrayEquals(values(dAlpha), values(dAlphaView));
        // Only the viewed elements were written.
        assertEquals(99.0, wide.getDouble(0, 0, 0, 0));
        assertEquals(99.0, wide.getDouble(1, 3, 4, 5));
        assertArrayEquals(new double[]{99, 99, 99}, values(dAlphaStore.get(NDArrayIndex.interval(0, 2, 6))));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void nanPropagatesToItsOutputAndItsChannelsSlopeGradient(DataType type) {
        INDArray x = Nd4j.createFromArray(new double[][]{{Double.NaN, -1, 2}, {1, -2, -3}}).castTo(type);
        INDArray alpha = Nd4j.createFromArray(0.5, 0.25, 0.125).castTo(type);
        INDArray y = x.ulike();
        PReluKernel.forward(x, alpha, y);
        assertArrayEquals(new double[]{Double.NaN, -0.25, 2, 1, -0.5, -0.375}, values(y));
        INDArray dx = x.ulike();
        INDArray dAlpha = alpha.ulike();
        PReluKernel.backward(x, alpha, Nd4j.ones(type, 2, 3), dx, dAlpha);
        // A NaN is not > 0: dx = α·dy, and its channel's dα is NaN; the other channels are unaffected.
        assertArrayEquals(new double[]{0.5, 0.25, 1, 1, 0.25, 0.125}, values(dx));
        assertArrayEquals(new double[]{Double.NaN, -3, -3}, values(dAlpha));

        INDArray nanAlpha = Nd4j.createFromArray(Double.NaN, 0.25, 0.125).castTo(type);
        INDArray finite = Nd4j.createFromArray(new double[][]{{-1, -1, 2}, {1, -2, -3}}).castTo(type);
        PReluKernel.forward(finite, nanAlpha, y);
        assertArrayEquals(new double[]{Double.NaN, -0.25, 2, 1, -0.5, -0.375}, values(y));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void infinitiesOnThePositiveSideStayOutOfTheSlopeGradient(DataType type) {
        // dy = inf at x = 2 and x = +inf with dy = 1 are not in Σ_{x ≤ 0}: dα stays finite.
        double inf = Double.POSITIVE_INFINITY;
        INDArray x = Nd4j.createFromArray(new double[][]{{2, -1}, {inf, -3}}).castTo(type);
        INDArray alpha = Nd4j.createFromArray(0.5).reshape(1).castTo(type);
        INDArray dy = Nd4j.createFromArray(new double[][]{{inf, 1}, {1, 2}}).castTo(type);
        INDArray dx = x.ulike();
        INDArray dAlpha = alpha.ulike();
        PReluKernel.backward(x, alpha, dy, dx, dAlpha);
        assertArrayEquals(new double[]{-7}, values(dAlpha));
        assertArrayEquals(new double[]{inf, 0.5, 1, 1}, values(dx));
    }

    @Test
    void wrongShapesNameTheArrays() {
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 3, 4);
        INDArray alpha = Nd4j.create(DataType.DOUBLE, 3);
        INDArray y = x.ulike();
        IllegalArgumentException wrongAlpha = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.forward(x, Nd4j.create(DataType.DOUBLE, 2), y));
        assertEquals("alpha must have shape [3] (one per channel, axis 1 of x [2, 3, 4]) or [1] (shared), got [2]",
                wrongAlpha.getMessage());
        IllegalArgumentException matrixAlpha = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.forward(x, Nd4j.create(DataType.DOUBLE, 1, 3), y));
        assertTrue(matrixAlpha.getMessage().endsWith("got [1, 3]"), matrixAlpha.getMessage());
        IllegalArgumentException channelsLast = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.forward(NHWC, Nd4j.create(DataType.DOUBLE, 2, 5, 5, 4), alpha,
                        Nd4j.create(DataType.DOUBLE, 2, 5, 5, 4)));
        assertTrue(channelsLast.getMessage().startsWith("alpha must have shape [4] (one per channel, axis 3 of x"
                + " [2, 5, 5, 4])"), channelsLast.getMessage());
        IllegalArgumentException wrongY = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.forward(x, alpha, Nd4j.create(DataType.DOUBLE, 2, 3, 5)));
        assertEquals("x [2, 3, 4] and y [2, 3, 5] must have the same shape", wrongY.getMessage());
        IllegalArgumentException wrongDy = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.backward(x, alpha, Nd4j.create(DataType.DOUBLE, 2, 4, 3), null, alpha.ulike()));
        assertEquals("x [2, 3, 4] and dy [2, 4, 3] must have the same shape", wrongDy.getMessage());
        IllegalArgumentException wrongDx = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.backward(x, alpha, x.ulike(), Nd4j.create(DataType.DOUBLE, 2, 3), alpha.ulike()));
        assertEquals("x [2, 3, 4] and dx [2, 3] must have the same shape", wrongDx.getMessage());
        IllegalArgumentException wrongDAlpha = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.backward(x, alpha, x.ulike(), null, Nd4j.create(DataType.DOUBLE, 1)));
        assertEquals("alpha [3] and dAlpha [1] must have the same shape", wrongDAlpha.getMessage());
        IllegalArgumentException vector = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.forward(Nd4j.create(DataType.DOUBLE, 3), alpha, alpha.ulike()));
        assertTrue(vector.getMessage().startsWith("PReLU input x must be a non-empty array of rank >= 2")
                && vector.getMessage().endsWith("got shape [3]"), vector.getMessage());
    }

    @Test
    void mismatchedTypesAndAliasingAreRejected() {
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 3);
        INDArray alpha = Nd4j.create(DataType.DOUBLE, 3);
        IllegalArgumentException floatAlpha = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.forward(x, Nd4j.create(DataType.FLOAT, 3), x.ulike()));
        assertTrue(floatAlpha.getMessage().startsWith("alpha is FLOAT but x is DOUBLE"), floatAlpha.getMessage());
        IllegalArgumentException floatDy = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.backward(x, alpha, Nd4j.create(DataType.FLOAT, 2, 3), null, alpha.ulike()));
        assertTrue(floatDy.getMessage().startsWith("dy is FLOAT but x is DOUBLE"), floatDy.getMessage());
        IllegalArgumentException floatDAlpha = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.backward(x, alpha, x.ulike(), null, Nd4j.create(DataType.FLOAT, 3)));
        assertTrue(floatDAlpha.getMessage().startsWith("dAlpha is FLOAT but x is DOUBLE"), floatDAlpha.getMessage());
        IllegalArgumentException integers = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.forward(Nd4j.create(DataType.INT, 2, 3), Nd4j.create(DataType.INT, 3),
                        Nd4j.create(DataType.INT, 2, 3)));
        assertEquals("PReLU works on FLOAT and DOUBLE arrays; x is INT", integers.getMessage());
        IllegalArgumentException inPlace = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.forward(x, alpha, x));
        assertTrue(inPlace.getMessage().startsWith("x and y must be different arrays"), inPlace.getMessage());
        IllegalArgumentException dxOnX = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.backward(x, alpha, x.ulike(), x, alpha.ulike()));
        assertTrue(dxOnX.getMessage().startsWith("x and dx must be different arrays"), dxOnX.getMessage());
        IllegalArgumentException dAlphaOnAlpha = assertThrows(IllegalArgumentException.class,
                () -> PReluKernel.backward(x, alpha, x.ulike(), null, alpha));
        assertTrue(dAlphaOnAlpha.getMessage().startsWith("dAlpha and x, alpha or dy must be different arrays"),
                dAlphaOnAlpha.getMessage());
    }
}
