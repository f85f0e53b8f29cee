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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A convolution's float32 weight gradient without dx on oneDNN ({@link OneDnnWeightGradient})
 * against the float64 path (im2col and BLAS products, which Conv2dKernelTest checks against finite
 * differences). Each dW element is a sum of m = N·Hout·Wout products; a float32 sum of m terms is
 * within about √m·ε of the sum of its terms' magnitudes, here Σ |x|·|dy|, which is the float64
 * weight gradient of |x| and |dy|. The test allows 8·√m·ε of it per element.
 */
class OneDnnWeightGradientTest {
    private static final double EPS_32 = Math.ulp(1.0f) / 2;

    /** Layout, NCHW-order input shape [N, C, H, W], filters, geometry. */
    static Stream<Arguments> convolutions() {
        return Stream.of(
                Arguments.of(FeatureLayout.NHWC, new long[]{16, 1, 28, 28}, 32, Conv2dGeometry.same(3, 3, 1, 1, 1)),
                Arguments.of(FeatureLayout.NCHW, new long[]{16, 1, 28, 28}, 32, Conv2dGeometry.same(3, 3, 1, 1, 1)),
                Arguments.of(FeatureLayout.NHWC, new long[]{8, 3, 17, 15}, 8, Conv2dGeometry.of(3, 3, 2, 2, 1, 1, 1, 1, 1)),
                Arguments.of(FeatureLayout.NCHW, new long[]{8, 3, 17, 15}, 8, Conv2dGeometry.of(5, 3, 1, 2, 0, 1, 1, 1, 1)),
                Arguments.of(FeatureLayout.NCHW, new long[]{4, 8, 12, 12}, 6, Conv2dGeometry.of(3, 3, 1, 1, 2, 2, 2, 2, 1)),
                Arguments.of(FeatureLayout.NHWC, new long[]{4, 16, 9, 9}, 16, Conv2dGeometry.of(1, 1, 1, 1, 0, 0, 1, 1, 1)));
    }

    @ParameterizedTest
    @MethodSource("convolutions")
    void agreesWithTheFloat64Path(FeatureLayout layout, long[] nchw, int filters, Conv2dGeometry g) {
        int[] out = g.outputSize((int) nchw[2], (int) nchw[3]);
        long[] xShape = layout.shape(nchw[0], nchw[1], nchw[2], nchw[3]);
        long[] dyShape = layout.shape(nchw[0], filters, out[0], out[1]);
        long[] wShape = {filters, nchw[1], g.kH(), g.kW()};
        INDArray x = TestArrays.uniform(11, -1, 2, xShape).castTo(DataType.FLOAT);
        INDArray dy = TestArrays.uniform(12, -1, 1, dyShape).castTo(DataType.FLOAT);
        INDArray w = Nd4j.create(DataType.FLOAT, wShape);
        assertTrue(OneDnnWeightGradient.runs(x, dy, g, w));

        INDArray dW = Nd4j.create(DataType.FLOAT, wShape);
        Conv2dKernel.backward(layout, x, dy, KernelRecords.convBackward(w, g, dW, null), null);
        INDArray expected = Nd4j.create(DataType.DOUBLE, wShape);
        Conv2dKernel.backward(layout, x.castTo(DataType.DOUBLE), dy.castTo(DataType.DOUBLE), KernelRecords.convBackward(w.castTo(DataType.DOUBLE), g, expected, null), null);
        INDArray magnitudes = Nd4j.create(DataType.DOUBLE, wShape);
        Conv2dKernel.backward(layout, Transforms.abs(x.castTo(DataType.DOUBLE)), Transforms.abs(dy.castTo(DataType.DOUBLE)), KernelRecords.convBackward(w.castTo(DataType.DOUBLE), g, magnitudes, null), null);

        double m = nchw[0] * (double) out[0] * out[1];
        double tolerance = 8 * Math.sqrt(m) * EPS_32;
        for (long i = 0; i < expected.length(); i++) {
            double error = Math.abs(expected.getDouble(i) - dW.getDouble(i));
            double bound = tolerance * magnitudes.getDouble(i);
            assertTrue(error <= bound, layout + " " + g + ": dW[" + i + "] error " + error + " > " + bound);
        }
    }

    @Test
    void repeatedCallsOverwriteAndGiveTheSameGradient() {
        Conv2dGeometry g = Conv2dGeometry.same(3, 3, 1, 1, 1);
        INDArray x = TestArrays.uniform(13, -1, 1, 8, 10, 10, 2).castTo(DataType.FLOAT);
        INDArray dy = TestArrays.uniform(14, -1, 1, 8, 10, 10, 4).castTo(DataType.FLOAT);
        INDArray w = Nd4j.create(DataType.FLOAT, 4, 2, 3, 3);
        INDArray first = Nd4j.create(DataType.FLOAT, 4, 2, 3, 3);
        Conv2dKernel.backward(FeatureLayout.NHWC, x, dy, KernelRecords.convBackward(w, g, first, null), null);
        INDArray second = Nd4j.valueArrayOf(new long[]{4, 2, 3, 3}, 1e6, DataType.FLOAT);
        Conv2dKernel.backward(FeatureLayout.NHWC, x, dy, KernelRecords.convBackward(w, g, second, null), null);
        assertEquals(first, second, "dW is overwritten, not added to");
        INDArray other = TestArrays.uniform(15, -1, 1, 8, 10, 10, 4).castTo(DataType.FLOAT);
        Conv2dKernel.backward(FeatureLayout.NHWC, x, other, KernelRecords.convBackward(w, g, second, null), null);
        assertFalse(first.equals(second), "a second dy of the same shape is read, not the first one's");
    }

    @Test
    void groupedFloat64AndStridedArraysStayOnTheirPaths() {
        INDArray x = Nd4j.create(DataType.FLOAT, 2, 4, 6, 6);
        INDArray dy = Nd4j.create(DataType.FLOAT, 2, 4, 6, 6);
        INDArray dW = Nd4j.create(DataType.FLOAT, 4, 2, 3, 3);
        assertFalse(OneDnnWeightGradient.runs(x, dy, Conv2dGeometry.same(3, 3, 1, 1, 2), dW), "two groups");
        assertFalse(OneDnnWeightGradient.runs(x.castTo(DataType.DOUBLE), dy.castTo(DataType.DOUBLE),
                Conv2dGeometry.same(3, 3, 1, 1, 1), dW.castTo(DataType.DOUBLE)), "float64");
        assertFalse(OneDnnWeightGradient.runs(x.permute(0, 1, 3, 2), dy, Conv2dGeometry.same(3, 3, 1, 1, 1), dW),
                "a permuted view");
    }
}
