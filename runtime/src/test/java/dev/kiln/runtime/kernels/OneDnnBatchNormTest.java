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

import java.util.Arrays;
import java.util.stream.Stream;

import static dev.kiln.runtime.kernels.NormTesting.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch norm's float32 training passes on oneDNN's primitives ({@link OneDnnBatchNorm}) against the
 * float64 ND4J path, which the finite-difference and loop-reference tests of {@link BatchNormKernelTest}
 * pin down. Tolerances come from the sizes: a float32 sum of m terms added one after another has a
 * rounding error of about √m·ε·(the terms' root mean square)·√m in expectation, so a sum is compared
 * to within 8·√m·ε of the sum of its terms' magnitudes, and an element-wise output, which inherits
 * the mean's and the variance's relative errors, to within 8·√m·ε·(1 + |μ|/σ) of its largest value.
 */
class OneDnnBatchNormTest {
    private static final double EPS_32 = Math.ulp(1.0f) / 2;

    /** Rank 2 [N, C], rank 3 [N, C, L], NCHW and NHWC; about 1,000 to 3,000 values per channel. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(FeatureLayout.NCHW, new long[]{2048, 6}),
                Arguments.of(FeatureLayout.NCHW, new long[]{24, 5, 70}),
                Arguments.of(FeatureLayout.NCHW, new long[]{16, 7, 9, 11}),
                Arguments.of(FeatureLayout.NHWC, new long[]{16, 9, 11, 7}),
                Arguments.of(FeatureLayout.NHWC, new long[]{3, 28, 28, 32}));
    }

    @Test
    void loadsHereAndSaysSo() {
        assertTrue(Backend.current().primitives().startsWith("oneDNN 2.5"), Backend.current().describe());
        assertTrue(Backend.current().describe().contains("; own kernels: oneDNN 2.5"), Backend.current().describe());
    }

    @Test
    void takesOnlyDenseFloat32ArraysOfRankTwoToFour() {
        INDArray x = Nd4j.create(DataType.FLOAT, 4, 3, 5, 5);
        assertTrue(OneDnnBatchNorm.runs(FeatureLayout.NCHW, x, Nd4j.create(DataType.FLOAT, 3), null));
        assertFalse(OneDnnBatchNorm.runs(FeatureLayout.NCHW, x.castTo(DataType.DOUBLE)), "float64 stays on ND4J");
        assertFalse(OneDnnBatchNorm.runs(FeatureLayout.NCHW, x, Nd4j.create(DataType.DOUBLE, 3)), "mixed types");
        assertFalse(OneDnnBatchNorm.runs(FeatureLayout.NCHW, x.permute(0, 1, 3, 2)), "a permuted view has gaps");
        assertFalse(OneDnnBatchNorm.runs(FeatureLayout.NCHW, Nd4j.create(DataType.FLOAT, 2, 3, 4, 4, 4)), "rank 5");
        assertFalse(OneDnnBatchNorm.runs(FeatureLayout.NHWC, Nd4j.create(DataType.FLOAT, 8, 3)), "NHWC is 4-D only");
        assertFalse(OneDnnBatchNorm.runs(FeatureLayout.NCHW, x, Nd4j.create(DataType.FLOAT, 6, 2).getColumn(0)),
                "a strided column");
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void agreesWithTheFloat64PathWithAndWithoutAffineParameters(FeatureLayout layout, long[] shape) {
        INDArray gamma = gamma(layout, shape, 2);
        INDArray beta = beta(layout, shape, 3);
        for (boolean withGamma : new boolean[]{true, false}) {
            for (boolean withBeta : new boolean[]{true, false}) {
                Pass reference = new Pass(layout, shape, DataType.DOUBLE, withGamma ? gamma : null, withBeta ? beta : null);
                Pass tested = new Pass(layout, shape, DataType.FLOAT, withGamma ? gamma : null, withBeta ? beta : null);
                reference.run(false, false, false);
                tested.run(false, false, false);
                tested.assertAgrees(reference, "gamma " + withGamma + ", beta " + withBeta);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void inPlaceCallsGiveWhatSeparateArraysGive(FeatureLayout layout, long[] shape) {
        INDArray gamma = gamma(layout, shape, 4);
        INDArray beta = beta(layout, shape, 5);
        Pass separate = new Pass(layout, shape, DataType.FLOAT, gamma, beta);
        separate.run(false, false, false);
        // x̂ written over x, then y over x (with x̂ apart), then dx over dy: the aliasing BatchNormKernel allows.
        for (boolean[] aliasing : new boolean[][]{{true, false, false}, {false, true, false}, {false, false, true}}) {
            Pass aliased = new Pass(layout, shape, DataType.FLOAT, gamma, beta);
            aliased.run(aliasing[0], aliasing[1], aliasing[2]);
            String what = Arrays.toString(aliasing);
            assertEquals(separate.xHat, aliased.xHat, what);
            assertEquals(separate.y, aliased.y, what);
            assertEquals(separate.dx, aliased.dx, what);
            assertEquals(separate.dGamma, aliased.dGamma, what);
        }
    }

    @Test
    void unwantedParameterGradientsAreLeftAlone() {
        long[] shape = {8, 6, 6, 4};
        INDArray gamma = TestArrays.uniform(6, 0.5, 1.5, 4).castTo(DataType.FLOAT);
        Pass both = new Pass(FeatureLayout.NHWC, shape, DataType.FLOAT, gamma, null);
        both.run(false, false, false);
        INDArray dx = both.dy.ulike();
        BatchNormKernel.backward(FeatureLayout.NHWC, both.dy, KernelRecords.batchNormBackward(gamma, both.var, EPS, null, null), KernelRecords.normalized(both.xHat), dx);
        assertEquals(both.dx, dx, "dx needs dγ and dβ, which go to scratch when not wanted");
    }

    @Test
    void aNonFiniteInputSpreadsToItsChannelOnly() {
        // TrainingStep rejects a step whose gradients are not finite: the NaN must reach them, and
        // only through its own channel.
        long[] shape = {8, 5, 5, 3};
        Pass pass = new Pass(FeatureLayout.NHWC, shape, DataType.FLOAT, null, null);
        pass.x.putScalar(new long[]{2, 1, 1, 1}, Float.NaN);
        pass.run(false, false, false);
        assertTrue(Double.isNaN(pass.var.getDouble(1)));
        assertTrue(Double.isFinite(pass.var.getDouble(0)) && Double.isFinite(pass.var.getDouble(2)));
        assertTrue(Double.isNaN(pass.dx.getDouble(0, 0, 0, 1)), "dx of the NaN's channel");
        assertTrue(Double.isFinite(pass.dx.getDouble(0, 0, 0, 0)) && Double.isFinite(pass.dx.getDouble(0, 0, 0, 2)),
                "dx of the other channels");
    }

    /** A seeded γ in [0.5, 1.5] per channel of {@code shape}. */
    private static INDArray gamma(FeatureLayout layout, long[] shape, long seed) {
        return TestArrays.uniform(seed, 0.5, 1.5, layout.channels(Nd4j.create(DataType.FLOAT, shape)));
    }

    /** A seeded β in [-1, 1] per channel of {@code shape}. */
    private static INDArray beta(FeatureLayout layout, long[] shape, long seed) {
        return TestArrays.uniform(seed, -1, 1, layout.channels(Nd4j.create(DataType.FLOAT, shape)));
    }

    /** One forward and backward in one data type, from the same float64 draws. */
    private static final class Pass {
        final FeatureLayout layout;
        final INDArray x;
        final INDArray dy;
        final INDArray gamma;
        final INDArray beta;
        final INDArray mean;
        final INDArray var;
        INDArray xHat;
        INDArray y;
        INDArray dx;
        final INDArray dGamma;
        final INDArray dBeta;
        final long m;
        final long channels;

        Pass(FeatureLayout layout, long[] shape, DataType type, INDArray gamma, INDArray beta) {
            this.layout = layout;
            // Channels with different means (up to 3 standard deviations from 0) and spreads.
            // Drawn in float64 and rounded to float32 for both passes, so that they start from the same values.
            x = TestArrays.uniform(7, -1.0, 5.0, shape).castTo(DataType.FLOAT).castTo(type);
            dy = TestArrays.uniform(8, -1.0, 1.0, shape).castTo(DataType.FLOAT).castTo(type);
            channels = layout.channels(x);
            this.gamma = gamma == null ? null : gamma.castTo(DataType.FLOAT).castTo(type);
            this.beta = beta == null ? null : beta.castTo(DataType.FLOAT).castTo(type);
            mean = Nd4j.create(type, channels);
            var = Nd4j.create(type, channels);
            xHat = x.ulike();
            y = x.ulike();
            dx = x.ulike();
            dGamma = Nd4j.create(type, channels);
            dBeta = Nd4j.create(type, channels);
            m = x.length() / channels;
        }

        void run(boolean xHatOverX, boolean yOverX, boolean dxOverDy) {
            INDArray input = x.dup();
            if (xHatOverX) {
                xHat = input;
            }
            if (yOverX) {
                y = input;
            }
            BatchNormKernel.forwardTraining(layout, input, KernelRecords.batchNorm(gamma, beta, mean, var, EPS), new BatchNormBuffers(xHat, y));
            INDArray gradient = dy.dup();
            if (dxOverDy) {
                dx = gradient;
            }
            BatchNormKernel.backward(layout, gradient, KernelRecords.batchNormBackward(gamma, var, EPS, gamma == null ? null : dGamma, dBeta), KernelRecords.normalized(xHat), dx);
        }

        void assertAgrees(Pass reference, String what) {
            double rootM = Math.sqrt(m);
            double spread = 1 + Transforms.abs(reference.mean).maxNumber().doubleValue()
                    / Transforms.sqrt(reference.var).minNumber().doubleValue();
            double elementwise = 8 * rootM * EPS_32 * spread;
            assertRelative(reference.mean, mean, elementwise * Math.sqrt(reference.var.maxNumber().doubleValue())
                    / Transforms.abs(reference.mean).maxNumber().doubleValue(), what + ": mean");
            assertRelative(reference.var, var, elementwise, what + ": variance");
            assertRelative(reference.xHat, xHat, elementwise, what + ": x̂");
            assertRelative(reference.y, y, elementwise, what + ": y");
            assertRelative(reference.dx, dx, elementwise, what + ": dx");
            INDArray sumAbsDy = channelSums(Transforms.abs(reference.dy));
            assertSums(reference.dBeta, dBeta, sumAbsDy, 8 * rootM * EPS_32, what + ": dβ");
            if (gamma != null) {
                INDArray sumAbsDyXHat = channelSums(Transforms.abs(reference.dy.mul(reference.xHat)));
                assertSums(reference.dGamma, dGamma, sumAbsDyXHat, 8 * rootM * EPS_32 * spread, what + ": dγ");
            }
        }

        /** The per-channel sums of a float64 array in this pass's layout. */
        private INDArray channelSums(INDArray a) {
            int channelAxis = layout == FeatureLayout.NHWC ? 3 : 1;
            int[] others = java.util.stream.IntStream.range(0, a.rank()).filter(i -> i != channelAxis).toArray();
            return a.sum(others);
        }

        private static void assertRelative(INDArray expected, INDArray actual, double tolerance, String what) {
            double scale = Transforms.abs(expected).maxNumber().doubleValue();
            double error = Transforms.abs(expected.sub(actual.castTo(DataType.DOUBLE))).maxNumber().doubleValue();
            assertTrue(error <= tolerance * scale, what + ": error " + error + " > " + tolerance + " x " + scale);
        }

        private static void assertSums(INDArray expected, INDArray actual, INDArray sumOfMagnitudes, double tolerance,
                                       String what) {
            for (long i = 0; i < expected.length(); i++) {
                double error = Math.abs(expected.getDouble(i) - actual.getDouble(i));
                double bound = tolerance * sumOfMagnitudes.getDouble(i);
                assertTrue(error <= bound, what + "[" + i + "]: error " + error + " > " + bound);
            }
        }
    }
}
