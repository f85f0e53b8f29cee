package dev.kiln.runtime.kernels;

import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float32 max pooling on oneDNN ({@link OneDnnMaxPool}) against the float64 path (libnd4j's
 * {@code maxpool2d} and {@code maxpool2d_bp}, which PoolingKernelsTest checks against central
 * differences and a loop reference). A maximum is exact and a non-overlapping backward only moves
 * values, so those must agree bit for bit; where windows overlap, dx adds up to ⌈k/s⌉² routed values,
 * which may round in another order (one ulp of each addition).
 */
class OneDnnMaxPoolTest {

    /** Layout, NCHW-order input shape, window geometry. */
    static Stream<Arguments> poolings() {
        return Stream.of(
                Arguments.of(FeatureLayout.NHWC, new long[]{8, 32, 28, 28}, Pool2dGeometry.of(2, 2, 0)),
                Arguments.of(FeatureLayout.NCHW, new long[]{8, 32, 28, 28}, Pool2dGeometry.of(2, 2, 0)),
                Arguments.of(FeatureLayout.NHWC, new long[]{4, 16, 7, 7}, Pool2dGeometry.of(2, 2, 0)),
                Arguments.of(FeatureLayout.NCHW, new long[]{4, 5, 11, 9}, Pool2dGeometry.of(3, 2, 1)),
                Arguments.of(FeatureLayout.NHWC, new long[]{4, 5, 11, 9}, Pool2dGeometry.of(3, 1, 1)),
                Arguments.of(FeatureLayout.NHWC, new long[]{2, 3, 10, 12}, Pool2dGeometry.of(3, 2, 2, 3, 1, 1)));
    }

    @ParameterizedTest
    @MethodSource("poolings")
    void agreesWithTheFloat64Path(FeatureLayout layout, long[] nchw, Pool2dGeometry g) {
        int[] out = g.outputSize((int) nchw[2], (int) nchw[3]);
        long[] xShape = layout.shape(nchw[0], nchw[1], nchw[2], nchw[3]);
        long[] yShape = layout.shape(nchw[0], nchw[1], out[0], out[1]);
        // Distinct values (a permutation of a grid), so that no window has a tie.
        INDArray x = distinct(xShape);
        INDArray dy = TestArrays.uniform(21, -1, 1, yShape).castTo(DataType.FLOAT);
        assertTrue(OneDnnMaxPool.runs(x, dy, x.ulike()));

        INDArray y = Nd4j.create(DataType.FLOAT, yShape);
        MaxPool2dKernel.forward(layout, x, g, y);
        INDArray dx = x.ulike();
        MaxPool2dKernel.backward(layout, x, dy, g, dx);

        INDArray xD = x.castTo(DataType.DOUBLE);
        INDArray yD = Nd4j.create(DataType.DOUBLE, yShape);
        MaxPool2dKernel.forward(layout, xD, g, yD);
        INDArray dxD = xD.ulike();
        MaxPool2dKernel.backward(layout, xD, dy.castTo(DataType.DOUBLE), g, dxD);

        assertEquals(yD, y.castTo(DataType.DOUBLE), "the maxima");
        boolean overlapping = g.strideH() < g.kH() || g.strideW() < g.kW();
        double error = Transforms.abs(dxD.sub(dx.castTo(DataType.DOUBLE))).maxNumber().doubleValue();
        double routedTerms = Math.ceil((double) g.kH() / g.strideH()) * Math.ceil((double) g.kW() / g.strideW());
        double bound = overlapping ? routedTerms * Math.ulp(1.0f) * Transforms.abs(dxD).maxNumber().doubleValue() : 0;
        assertTrue(error <= bound, layout + " " + g + ": dx error " + error + " > " + bound);
    }

    @Test
    void aTieSendsTheGradientToTheFirstMaximumInRowMajorOrder() {
        // One 4x4 channel of equal values, 2x2 windows: each window's gradient goes to its top-left element.
        INDArray x = Nd4j.valueArrayOf(new long[]{1, 4, 4, 1}, 0.0, DataType.FLOAT);
        INDArray dy = Nd4j.createFromArray(new float[]{1, 2, 3, 4}).reshape(1, 2, 2, 1);
        INDArray dx = x.ulike();
        MaxPool2dKernel.backward(FeatureLayout.NHWC, x, dy, Pool2dGeometry.of(2, 2, 0), dx);
        INDArray expected = Nd4j.createFromArray(new float[]{
                1, 0, 2, 0,
                0, 0, 0, 0,
                3, 0, 4, 0,
                0, 0, 0, 0}).reshape(1, 4, 4, 1);
        assertEquals(expected, dx);
    }

    @Test
    void paddingNeverWinsTheMaximum() {
        // All values negative, 3x3 windows with padding 1: a zero of the padding must not be the maximum.
        INDArray x = TestArrays.uniform(22, -3, -1, 2, 5, 5, 3).castTo(DataType.FLOAT);
        Pool2dGeometry g = Pool2dGeometry.of(3, 2, 1);
        INDArray y = Nd4j.create(DataType.FLOAT, 2, 3, 3, 3);
        MaxPool2dKernel.forward(FeatureLayout.NHWC, x, g, y);
        assertTrue(y.maxNumber().doubleValue() < -1 + 1e-6, "every maximum is one of the negative inputs");
        double corner = Math.max(Math.max(x.getDouble(0, 0, 0, 0), x.getDouble(0, 0, 1, 0)),
                Math.max(x.getDouble(0, 1, 0, 0), x.getDouble(0, 1, 1, 0)));
        assertEquals(corner, y.getDouble(0, 0, 0, 0),
                "the corner window holds four real inputs");
    }

    /** A float32 array of the given shape holding a seeded permutation of 0, 1, 2, ... (all distinct). */
    private static INDArray distinct(long[] shape) {
        INDArray order = TestArrays.uniform(23, 0, 1, shape);
        INDArray ranks = Nd4j.createFromArray(Nd4j.sortWithIndices(order.reshape(-1).dup(), 0, true)[0]
                .toDoubleVector()).castTo(DataType.FLOAT);
        return ranks.reshape(shape).div(ranks.length()).castTo(DataType.FLOAT);
    }
}
