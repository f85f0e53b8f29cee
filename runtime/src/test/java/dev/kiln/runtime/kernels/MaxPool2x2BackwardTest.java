package dev.kiln.runtime.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MaxPool2x2Backward} against a plain scan written from the definition (the window's first
 * strict maximum in row-major order takes dy), bit for bit, on generated shapes (odd and even sizes,
 * one to many channels) and values drawn from a handful of integers and signed zeros, so that most
 * windows hold ties. OneDnnMaxPoolTest checks the same path against the float64 one.
 */
class MaxPool2x2BackwardTest {
    private static final Pool2dGeometry TWO_BY_TWO = Pool2dGeometry.of(2, 2, 0);

    @Test
    void generatedShapesAndTiesMatchTheFirstMaximumScanBitForBit() {
        Random random = new Random(20261207);
        float[] values = {-2f, -1f, -0f, 0f, 1f, 2f, Float.NEGATIVE_INFINITY};
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + random.nextInt(3);
            int h = 2 + random.nextInt(9);
            int w = 2 + random.nextInt(9);
            int c = 1 + random.nextInt(40);
            float[] x = new float[n * h * w * c];
            for (int i = 0; i < x.length; i++) {
                x[i] = values[random.nextInt(values.length)];
            }
            float[] dy = new float[n * (h / 2) * (w / 2) * c];
            for (int i = 0; i < dy.length; i++) {
                dy[i] = (float) random.nextGaussian();
            }
            INDArray xs = Nd4j.createFromArray(x).reshape(n, h, w, c);
            INDArray dys = Nd4j.createFromArray(dy).reshape(n, h / 2, w / 2, c);
            // Stale contents that the backward must overwrite, odd rows and columns included.
            INDArray dx = Nd4j.valueArrayOf(new long[]{n, h, w, c}, 7.0, DataType.FLOAT);
            String shape = "[" + n + ", " + h + ", " + w + ", " + c + "]";
            assertTrue(MaxPool2x2Backward.runs(FeatureLayout.NHWC, xs, dys, TWO_BY_TWO, dx), shape);

            MaxPool2dKernel.backward(FeatureLayout.NHWC, xs, dys, TWO_BY_TWO, dx);

            assertArrayEquals(bits(firstMaximumScan(x, dy, n, h, w, c)), bits(dx.data().asFloat()), shape);
        }
    }

    @Test
    void aWindowHoldingNaNPassesNoGradientAndTheOthersAreUntouchedByIt() {
        INDArray x = Nd4j.createFromArray(new float[]{
                1, Float.NaN, 5, 6,
                3, 2, 8, 7}).reshape(1, 2, 4, 1);
        INDArray dy = Nd4j.createFromArray(new float[]{10, 20}).reshape(1, 1, 2, 1);
        INDArray dx = x.ulike();
        MaxPool2dKernel.backward(FeatureLayout.NHWC, x, dy, TWO_BY_TWO, dx);
        assertArrayEquals(new float[]{0, 0, 0, 0, 0, 0, 20, 0}, dx.data().asFloat());
    }

    @Test
    void takesOnlyDenseChannelsLastFloat32WithTwoByTwoWindowsOfStrideTwo() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 6, 6, 3);
        INDArray dy = Nd4j.rand(DataType.FLOAT, 2, 3, 3, 3);
        INDArray dx = x.ulike();
        assertTrue(MaxPool2x2Backward.runs(FeatureLayout.NHWC, x, dy, TWO_BY_TWO, dx));
        assertFalse(MaxPool2x2Backward.runs(FeatureLayout.NCHW, x, dy, TWO_BY_TWO, dx), "NCHW");
        assertFalse(MaxPool2x2Backward.runs(FeatureLayout.NHWC, x, dy, Pool2dGeometry.of(2, 1, 0), dx), "stride 1");
        assertFalse(MaxPool2x2Backward.runs(FeatureLayout.NHWC, x, dy, Pool2dGeometry.of(3, 2, 1), dx), "3x3");
        assertFalse(MaxPool2x2Backward.runs(FeatureLayout.NHWC, x.castTo(DataType.DOUBLE), dy.castTo(DataType.DOUBLE),
                TWO_BY_TWO, dx.castTo(DataType.DOUBLE)), "float64");
        INDArray strided = Nd4j.rand(DataType.FLOAT, 2, 6, 6, 6).get(NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 3));
        assertFalse(MaxPool2x2Backward.runs(FeatureLayout.NHWC, strided, dy, TWO_BY_TWO, dx), "a strided view");
    }

    @Test
    void aStridedViewTakesTheOtherPathWithTheSameResult() {
        INDArray wide = Nd4j.rand(DataType.FLOAT, 2, 6, 6, 6);
        INDArray view = wide.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.interval(0, 3));
        INDArray dense = view.dup();
        INDArray dy = Nd4j.rand(DataType.FLOAT, 2, 3, 3, 3);
        INDArray fromView = dense.ulike();
        INDArray fromDense = dense.ulike();
        MaxPool2dKernel.backward(FeatureLayout.NHWC, view, dy, TWO_BY_TWO, fromView);
        MaxPool2dKernel.backward(FeatureLayout.NHWC, dense, dy, TWO_BY_TWO, fromDense);
        assertEquals(fromDense, fromView);
    }

    @Test
    void aBatchSliceOfALargerArrayIsReadAndWrittenWhereItLies() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6, 6, 3);
        INDArray dy = Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3);
        INDArray dx = Nd4j.valueArrayOf(new long[]{4, 6, 6, 3}, 7.0, DataType.FLOAT);
        INDArray xSlice = x.get(NDArrayIndex.interval(1, 3));
        INDArray dySlice = dy.get(NDArrayIndex.interval(1, 3));
        INDArray dxSlice = dx.get(NDArrayIndex.interval(1, 3));
        assertTrue(MaxPool2x2Backward.runs(FeatureLayout.NHWC, xSlice, dySlice, TWO_BY_TWO, dxSlice));

        MaxPool2dKernel.backward(FeatureLayout.NHWC, xSlice, dySlice, TWO_BY_TWO, dxSlice);

        float[] expected = firstMaximumScan(xSlice.dup().data().asFloat(), dySlice.dup().data().asFloat(), 2, 6, 6, 3);
        assertArrayEquals(expected, dxSlice.dup().data().asFloat());
        assertEquals(Nd4j.valueArrayOf(new long[]{1, 6, 6, 3}, 7.0, DataType.FLOAT), dx.get(NDArrayIndex.interval(0, 1)),
                "the images before the slice are untouched");
        assertEquals(Nd4j.valueArrayOf(new long[]{1, 6, 6, 3}, 7.0, DataType.FLOAT), dx.get(NDArrayIndex.interval(3, 4)),
                "the images after it too");
    }

    /** dx by the definition: per window and channel, scan in row-major order, keep the first strict maximum. */
    private static float[] firstMaximumScan(float[] x, float[] dy, int n, int h, int w, int c) {
        float[] dx = new float[x.length];
        for (int image = 0; image < n; image++) {
            for (int p = 0; p < h / 2; p++) {
                for (int q = 0; q < w / 2; q++) {
                    for (int ch = 0; ch < c; ch++) {
                        int best = -1;
                        for (int i = 0; i < 2; i++) {
                            for (int j = 0; j < 2; j++) {
                                int at = ((image * h + 2 * p + i) * w + 2 * q + j) * c + ch;
                                if (best < 0 || x[at] > x[best]) {
                                    best = at;
                                }
                            }
                        }
                        dx[best] = dy[((image * (h / 2) + p) * (w / 2) + q) * c + ch];
                    }
                }
            }
        }
        return dx;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
