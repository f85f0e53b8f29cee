package dev.kiln.runtime.kernels;

import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 implementations of the convolution backward, libnd4j's conv2d_bp (oneDNN's kernels
 * with a oneDNN binary, libnd4j's own otherwise), Kiln's im2col path and, for geometries a
 * channels-last chain holds, its channels-last weight gradient (on the same values in NHWC, forced
 * whatever the channel count), against a float64 reference
 * computed from the same float32-rounded inputs. Each element of dW and dx is a sum of K products
 * (K = N·Hout·Wout for dW, outC·kH·kW for dx), so recursive float32 summation is off by at most
 * about K·u·Σ|terms| (u = 2⁻²⁴, Higham's bound); Σ|terms| per element is the same backward applied
 * to |x|, |W| and |dy| in float64. Both paths must stay within that bound element by element.
 */
class Conv2dBackwardPathsTest {
    private static final double FLOAT32_UNIT_ROUNDOFF = Math.pow(2, -24);

    record Case(String name, int n, int c, int h, int w, int outC, Conv2dGeometry g) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("3x3 same, 16 -> 32 channels (FashionCnn's conv2, smaller)", 4, 16, 10, 10, 32, Conv2dGeometry.same(3, 3, 1, 1, 1)),
                new Case("3x3 stride 2, padding 1", 3, 8, 9, 8, 16, Conv2dGeometry.of(3, 2, 1, 1, 1)),
                new Case("5x5 padding 2, 1 channel in", 4, 1, 12, 12, 8, Conv2dGeometry.of(5, 1, 2, 1, 1)),
                new Case("rectangular 3x2, strides 1x2, dilation 2x1", 2, 6, 9, 8, 10, Conv2dGeometry.of(3, 2, 1, 2, 2, 1, 2, 1, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bothFloat32PathsStayWithinTheSummationBound(Case c) {
        INDArray x = TestArrays.uniform(61, -1, 1, c.n(), c.c(), c.h(), c.w()).castTo(DataType.FLOAT);
        INDArray w = TestArrays.uniform(62, -1, 1, c.outC(), c.c(), c.g().kH(), c.g().kW()).castTo(DataType.FLOAT);
        int[] out = c.g().outputSize(c.h(), c.w());
        INDArray dy = TestArrays.uniform(63, -1, 1, c.n(), c.outC(), out[0], out[1]).castTo(DataType.FLOAT);

        // Reference: float64 arithmetic on exactly the float32 inputs; magnitudes from |inputs|.
        INDArray dxReference = Nd4j.create(DataType.DOUBLE, x.shape());
        INDArray dWReference = Nd4j.create(DataType.DOUBLE, w.shape());
        Conv2dKernel.backward(x.castTo(DataType.DOUBLE), dy.castTo(DataType.DOUBLE), KernelRecords.convBackward(w.castTo(DataType.DOUBLE), c.g(), dWReference, null), dxReference);
        INDArray dxMagnitude = Nd4j.create(DataType.DOUBLE, x.shape());
        INDArray dWMagnitude = Nd4j.create(DataType.DOUBLE, w.shape());
        Conv2dKernel.backward(abs(x), abs(dy), KernelRecords.convBackward(abs(w), c.g(), dWMagnitude, null), dxMagnitude);
        double dWTerms = (double) c.n() * out[0] * out[1];
        double dxTerms = (double) c.outC() * c.g().kH() * c.g().kW();

        INDArray dxLibrary = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray dWLibrary = Nd4j.create(DataType.FLOAT, w.shape());
        LibraryConvolution.backward(FeatureLayout.NCHW, x, w, dy, c.g(), dxLibrary, dWLibrary);
        INDArray dxIm2col = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray dWIm2col = Nd4j.create(DataType.FLOAT, w.shape());
        Im2colConvolution.backward(x, w, dy, c.g(), dxIm2col, dWIm2col);
        INDArray dxPublic = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray dWPublic = Nd4j.create(DataType.FLOAT, w.shape());
        Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, c.g(), dWPublic, null), dxPublic);

        assertWithinBound("conv2d_bp dW", dWLibrary, dWReference, dWMagnitude, dWTerms);
        assertWithinBound("conv2d_bp dx", dxLibrary, dxReference, dxMagnitude, dxTerms);
        assertWithinBound("im2col dW", dWIm2col, dWReference, dWMagnitude, dWTerms);
        assertWithinBound("im2col dx", dxIm2col, dxReference, dxMagnitude, dxTerms);
        assertWithinBound("backward dW", dWPublic, dWReference, dWMagnitude, dWTerms);
        assertWithinBound("backward dx", dxPublic, dxReference, dxMagnitude, dxTerms);
        if (c.g().dilationH() == 1 && c.g().dilationW() == 1) {
            INDArray dWChannelsLast = Nd4j.create(DataType.FLOAT, w.shape());
            Im2colConvolution.channelsLastWeightGradient(x.permute(0, 2, 3, 1).dup('c'), dy.permute(0, 2, 3, 1).dup('c'), c.g(),
                    dWChannelsLast);
            assertWithinBound("channels-last dW", dWChannelsLast, dWReference, dWMagnitude, dWTerms);
        }
    }

    private static INDArray abs(INDArray a) {
        return Transforms.abs(a.castTo(DataType.DOUBLE), true);
    }

    /** |ours − reference| ≤ K·u·magnitude, element by element (plus a denormal-sized floor). */
    private static void assertWithinBound(String what, INDArray ours, INDArray reference, INDArray magnitude, double terms) {
        INDArray error = Transforms.abs(ours.castTo(DataType.DOUBLE).sub(reference), false);
        INDArray bound = magnitude.mul(terms * FLOAT32_UNIT_ROUNDOFF).addi(1e-30);
        double worst = error.div(bound).maxNumber().doubleValue();
        double typical = error.sumNumber().doubleValue() / magnitude.sumNumber().doubleValue();
        assertTrue(worst <= 1.0, () -> what + ": error reaches " + worst + " of the bound (mean relative error " + typical + ")");
        // A wrong result (a transposed weight, a missing term) would be off by O(1) of the magnitude.
        assertTrue(typical < 1e-5, () -> what + ": mean relative error " + typical);
    }
}
