package dev.kiln.runtime.kernels;

import dev.kiln.dsl.Activation;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels given {@link FeatureLayout#NHWC}: each against the same kernel in NCHW on the same
 * values (float64: libnd4j's own NHWC code; float32: oneDNN's with a oneDNN binary), the backward
 * passes against central differences in float64, and the layout conversions.
 */
class ChannelsLastKernelsTest {
    private static final FeatureLayout NHWC = FeatureLayout.NHWC;

    /** The convolution cases a channels-last chain can hold: one group, no dilation. */
    static List<Conv2dKernelTest.Case> cases() {
        return Conv2dKernelTest.cases().stream()
                .filter(c -> c.g().groups() == 1 && c.g().dilationH() == 1 && c.g().dilationW() == 1)
                .toList();
    }

    /** An NCHW array's values in a new c-ordered NHWC array. */
    private static INDArray toNhwc(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1).dup('c');
    }

    /** An NHWC array's values in a new c-ordered NCHW array. */
    private static INDArray toNchw(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2).dup('c');
    }

    private static void assertSameValues(INDArray nchw, INDArray nhwc, double tolerance, String what) {
        double difference = ConvReference.maxAbsDifference(nchw, toNchw(nhwc));
        assertTrue(difference <= tolerance, () -> what + ": NHWC differs from NCHW by " + difference);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void convolutionForwardAndBackwardMatchNchw(Conv2dKernelTest.Case c) {
        INDArray x = c.x();
        INDArray w = c.weights();
        INDArray b = c.b();
        INDArray y = c.output();
        Conv2dKernel.forward(x, Conv2dLayer.of(w, b, c.g()), y);
        INDArray yLast = toNhwc(y).assign(99.0);
        Conv2dKernel.forward(NHWC, toNhwc(x), Conv2dLayer.of(w, b, c.g()), yLast);
        assertSameValues(y, yLast, 1e-13, c + " forward");

        INDArray dy = TestArrays.uniform(71, -1, 1, y.shape());
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        INDArray db = b == null ? null : b.ulike();
        Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, c.g(), dW, db), dx);
        INDArray dxLast = toNhwc(x).assign(99.0);
        INDArray dWLast = Nd4j.valueArrayOf(w.shape(), 99.0, DataType.DOUBLE);
        INDArray dbLast = b == null ? null : Nd4j.valueArrayOf(b.shape(), 99.0, DataType.DOUBLE);
        Conv2dKernel.backward(NHWC, toNhwc(x), toNhwc(dy), KernelRecords.convBackward(w, c.g(), dWLast, dbLast), dxLast);
        assertSameValues(dx, dxLast, 1e-13, c + " dx");
        assertTrue(ConvReference.maxAbsDifference(dW, dWLast) < 1e-13, c + " dW");
        if (b != null) {
            assertTrue(ConvReference.maxAbsDifference(db, dbLast) < 1e-13, c + " db");
        }

        INDArray dWOnly = Nd4j.valueArrayOf(w.shape(), -7.0, DataType.DOUBLE);
        Conv2dKernel.backward(NHWC, toNhwc(x), toNhwc(dy), KernelRecords.convBackward(w, c.g(), dWOnly, null), null);
        assertTrue(ConvReference.maxAbsDifference(dW, dWOnly) < 1e-13, c + " dW without dx");
    }

    /**
     * The float32 channels-last forward (oneDNN's primitive called directly, {@link OneDnnConvolutionForward},
     * wherever Kiln's oneDNN loads) against the float64 loop reference, in every channels-last case,
     * within the float32 summation bound: (terms + 1)·2⁻²⁴·Σ|x·w| (+|b|) per output, with terms the
     * C·kH·kW products (and the bias) it adds; Σ|x·w| is the reference convolution of |x| and |w|.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32ForwardMatchesTheLoopReference(Conv2dKernelTest.Case c) {
        INDArray x = c.x();
        INDArray w = c.weights();
        INDArray b = c.b();
        INDArray reference = ConvReference.conv(x, w, b, c.g());
        INDArray xLast = toNhwc(x).castTo(DataType.FLOAT);
        INDArray wFloat = w.castTo(DataType.FLOAT);
        INDArray bFloat = b == null ? null : b.castTo(DataType.FLOAT);
        INDArray yLast = toNhwc(c.output()).castTo(DataType.FLOAT).assign(99.0);
        assertEquals(OneDnnLibrary.loaded(), OneDnnConvolutionForward.runs(xLast, wFloat, bFloat, c.g(), yLast), c.toString());
        Conv2dKernel.forward(NHWC, xLast, Conv2dLayer.of(wFloat, bFloat, c.g()), yLast);
        double terms = (double) c.c() * c.g().kH() * c.g().kW() + (b == null ? 0 : 1);
        INDArray magnitudes = ConvReference.conv(Transforms.abs(x), Transforms.abs(w), b == null ? null : Transforms.abs(b), c.g());
        double bound = (terms + 1) * Math.pow(2, -24) * magnitudes.maxNumber().doubleValue();
        assertSameValues(reference, yLast.castTo(DataType.DOUBLE), bound, c + " float32 forward");
    }

    /**
     * The float32 channels-last backward (libnd4j's {@code conv2d_bp} on oneDNN) against the float64 NCHW
     * backward, which {@link #convolutionBackwardAgreesWithCentralDifferences} checks, within the
     * float32 summation bound (terms + 1)·2⁻²⁴·Σ|·| per element: outC·kH·kW terms for dx, N·Hout·Wout
     * for dW, the magnitudes the same backward of |dy| with |w| and |x|.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32BackwardMatchesTheFloat64Backward(Conv2dKernelTest.Case c) {
        INDArray x = c.x();
        INDArray w = c.weights();
        INDArray dy = TestArrays.uniform(73, -1, 1, c.output().shape());
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, c.g(), dW, null), dx);
        INDArray dxMagnitude = x.ulike();
        INDArray dWMagnitude = w.ulike();
        Conv2dKernel.backward(Transforms.abs(x), Transforms.abs(dy), KernelRecords.convBackward(Transforms.abs(w), c.g(), dWMagnitude, null),
                dxMagnitude);

        INDArray xLast = toNhwc(x).castTo(DataType.FLOAT);
        INDArray wFloat = w.castTo(DataType.FLOAT);
        INDArray dyLast = toNhwc(dy).castTo(DataType.FLOAT);
        INDArray dxLast = xLast.ulike().assign(99.0);
        INDArray dWFloat = wFloat.ulike().assign(99.0);
        Conv2dKernel.backward(NHWC, xLast, dyLast, KernelRecords.convBackward(wFloat, c.g(), dWFloat, null), dxLast);

        double dxTerms = (double) c.outC() * c.g().kH() * c.g().kW();
        long[] out = dy.shape();
        double dWTerms = (double) out[0] * out[2] * out[3];
        assertSameValues(dx, dxLast.castTo(DataType.DOUBLE), (dxTerms + 1) * Math.pow(2, -24) * dxMagnitude.maxNumber().doubleValue(),
                c + " float32 dx");
        double dWDifference = ConvReference.maxAbsDifference(dW, dWFloat.castTo(DataType.DOUBLE));
        double dWBound = (dWTerms + 1) * Math.pow(2, -24) * dWMagnitude.maxNumber().doubleValue();
        assertTrue(dWDifference <= dWBound, () -> c + " float32 dW differs by " + dWDifference + ", bound " + dWBound);
    }

    /** Each channels-last case with dx (conv2d_bp) and without (the im2col weight gradient, forced). */
    static List<Arguments> casesWithAndWithoutDx() {
        return cases().stream()
                .flatMap(c -> Stream.of(Arguments.of(c, true), Arguments.of(c, false)))
                .toList();
    }

    @ParameterizedTest(name = "{0}, dx {1}")
    @MethodSource("casesWithAndWithoutDx")
    void convolutionBackwardAgreesWithCentralDifferences(Conv2dKernelTest.Case c, boolean inputGradient) {
        ActivationFunction tanh = ActivationFunction.of(Activation.TANH);
        INDArray x = toNhwc(c.x());
        INDArray w = c.weights();
        INDArray b = c.b();
        INDArray z = toNhwc(c.output());
        INDArray a = z.ulike();
        INDArray r = TestArrays.probeWeights(72, z.shape());
        Conv2dKernel.forward(NHWC, x, new Conv2dLayer(w, b, null, null, c.g(), tanh), z, a);
        INDArray dz = z.ulike();
        Activations.backward(tanh, z, a, r, dz);
        INDArray dx = inputGradient ? x.ulike() : null;
        INDArray dW = w.ulike();
        INDArray db = b == null ? null : b.ulike();
        Conv2dKernel.backward(NHWC, x, dz, KernelRecords.convBackward(w, c.g(), dW, db), dx);
        if (!inputGradient) {
            // The im2col weight gradient checked below is forced, whatever the channel count; with
            // one channel the backward without dx takes it by itself (more keep conv2d_bp).
            INDArray routed = dW.dup();
            dW.assign(99.0);
            Im2colConvolution.channelsLastWeightGradient(x, dz, c.g(), dW);
            if (c.c() <= Conv2dKernel.WEIGHT_GRADIENT_MAX_CHANNELS) {
                assertEquals(dW, routed, c + ": backward without dx takes the im2col weight gradient");
            }
        }

        GradCheckReport report = Conv2dKernelTest.checkConvolution(x, w, b, dx, dW, db, () -> {
            Conv2dKernel.forward(NHWC, x, new Conv2dLayer(w, b, null, null, c.g(), tanh), z, a);
            return GradCheck.projection(a, r);
        });
        assertTrue(report.passed(), () -> c + ": " + report);
        assertEquals((inputGradient ? 2 : 1) + (b == null ? 0 : 1), report.entries().size());
    }

    @Test
    void float32ConvolutionMatchesNchw() {
        // With a oneDNN binary both run oneDNN's NHWC kernel (NCHW after reorders): the same sums.
        Conv2dGeometry g = Conv2dGeometry.same(3, 3, 1, 1, 1);
        INDArray x = TestArrays.uniform(73, -1, 1, 4, 8, 9, 9).castTo(DataType.FLOAT);
        INDArray w = TestArrays.uniform(74, -1, 1, 16, 8, 3, 3).castTo(DataType.FLOAT);
        INDArray b = TestArrays.uniform(75, -1, 1, 16).castTo(DataType.FLOAT);
        INDArray y = Nd4j.create(DataType.FLOAT, 4, 16, 9, 9);
        Conv2dKernel.forward(x, Conv2dLayer.of(w, b, g), y);
        INDArray yLast = Nd4j.create(DataType.FLOAT, 4, 9, 9, 16);
        Conv2dKernel.forward(NHWC, toNhwc(x), Conv2dLayer.of(w, b, g), yLast);
        assertSameValues(y, yLast, 1e-5, "float32 forward");

        INDArray dy = TestArrays.uniform(76, -1, 1, 4, 16, 9, 9).castTo(DataType.FLOAT);
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        INDArray db = b.ulike();
        Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, g, dW, db), dx);
        INDArray dxLast = toNhwc(x).ulike();
        INDArray dWLast = w.ulike();
        INDArray dbLast = b.ulike();
        Conv2dKernel.backward(NHWC, toNhwc(x), toNhwc(dy), KernelRecords.convBackward(w, g, dWLast, dbLast), dxLast);
        // dW sums 4·9·9 = 324 products of size <= 1 per element, db 324 values.
        assertSameValues(dx, dxLast, 1e-5, "float32 dx");
        assertTrue(ConvReference.maxAbsDifference(dW, dWLast) < 1e-4, "float32 dW");
        assertTrue(ConvReference.maxAbsDifference(db, dbLast) < 1e-4, "float32 db");
    }

    @Test
    void groupedOrDilatedConvolutionsAreRefused() {
        INDArray x = Nd4j.create(DataType.DOUBLE, 1, 6, 6, 4);
        IllegalArgumentException grouped = assertThrows(IllegalArgumentException.class, () -> Conv2dKernel.forward(NHWC, x, Conv2dLayer.of(Nd4j.create(DataType.DOUBLE, 4, 2, 3, 3), null, Conv2dGeometry.of(3, 1, 1, 1, 2)), Nd4j.create(DataType.DOUBLE, 1, 6, 6, 4)));
        assertTrue(grouped.getMessage().contains("one group and no dilation"), grouped.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conv2dKernel.backward(NHWC, x, Nd4j.create(DataType.DOUBLE, 1, 6, 6, 4), KernelRecords.convBackward(Nd4j.create(DataType.DOUBLE, 4, 4, 3, 3), Conv2dGeometry.same(3, 3, 2, 2, 1), Nd4j.create(DataType.DOUBLE, 4, 4, 3, 3), null), null));
        IllegalArgumentException wrongY = assertThrows(IllegalArgumentException.class, () -> Conv2dKernel.forward(NHWC, x, Conv2dLayer.of(Nd4j.create(DataType.DOUBLE, 5, 4, 3, 3), null, Conv2dGeometry.of(3, 2, 1, 1, 1)), Nd4j.create(DataType.DOUBLE, 1, 5, 3, 3)));
        assertTrue(wrongY.getMessage().startsWith("y must have shape [1, 3, 3, 5]"), wrongY.getMessage());
    }

    /** The most windows of {@code g} that one input position falls into. */
    private static int overlaps(Pool2dGeometry g) {
        return ceilDiv(g.kH(), g.strideH()) * ceilDiv(g.kW(), g.strideW());
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kiln.runtime.kernels.PoolingKernelsTest#geometries")
    void poolingMatchesNchw(Pool2dGeometry g) {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            INDArray x = PoolingKernelsTest.distinct(81, 2, 3, 7, 6).castTo(type);
            int[] size = g.outputSize(7, 6);
            INDArray dy = TestArrays.uniform(82, -1, 1, 2, 3, size[0], size[1]).castTo(type);
            for (boolean max : new boolean[]{true, false}) {
                INDArray y = Nd4j.create(type, 2, 3, size[0], size[1]);
                INDArray yLast = toNhwc(y);
                INDArray dx = x.ulike();
                INDArray dxLast = toNhwc(x).assign(99.0);
                if (max) {
                    MaxPool2dKernel.forward(x, g, y);
                    MaxPool2dKernel.forward(NHWC, toNhwc(x), g, yLast);
                    MaxPool2dKernel.backward(x, dy, g, dx);
                    MaxPool2dKernel.backward(NHWC, toNhwc(x), toNhwc(dy), g, dxLast);
                } else {
                    AvgPool2dKernel.forward(x, g, y);
                    AvgPool2dKernel.forward(NHWC, toNhwc(x), g, yLast);
                    AvgPool2dKernel.backward(x, dy, g, dx);
                    AvgPool2dKernel.backward(NHWC, toNhwc(x), toNhwc(dy), g, dxLast);
                }
                String what = (max ? "max " : "avg ") + type + " " + g;
                // Maxima are exact, and so is max pooling's backward where windows do not overlap: each dx is one
                // routed dy. Overlapping windows add up to m routed dy values (|dy| <= 1) into one dx, in an order
                // that oneDNN's NCHW and NHWC kernels choose differently, so the two may differ by the rounding of
                // an m-term sum in each: 2 (m - 1) u m, u the unit roundoff. Means and window sums round alike up to order.
                double rounding = type == DataType.DOUBLE ? 0x1p-53 : 0x1p-24;
                int m = overlaps(g);
                double tolerance = max ? 0.0 : type == DataType.DOUBLE ? 1e-15 : 1e-6;
                double backwardTolerance = max ? 2.0 * (m - 1) * rounding * m : tolerance;
                assertSameValues(y, yLast, tolerance, what + " forward");
                assertSameValues(dx, dxLast, backwardTolerance, what + " backward");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DOUBLE", "FLOAT"})
    void batchNormMatchesNchw(DataType type) {
        INDArray x = TestArrays.uniform(91, -1, 3, 4, 3, 5, 6).castTo(type);
        INDArray gamma = TestArrays.uniform(92, 0.5, 1.5, 3).castTo(type);
        INDArray beta = TestArrays.uniform(93, -1, 1, 3).castTo(type);
        INDArray dy = TestArrays.uniform(94, -1, 1, 4, 3, 5, 6).castTo(type);
        double tolerance = type == DataType.DOUBLE ? 1e-13 : 1e-5;

        INDArray mean = Nd4j.create(type, 3);
        INDArray var = Nd4j.create(type, 3);
        INDArray xHat = x.ulike();
        INDArray y = x.ulike();
        BatchNormKernel.forwardTraining(x, KernelRecords.batchNorm(gamma, beta, mean, var, 1e-5), new BatchNormBuffers(xHat, y));
        INDArray meanLast = Nd4j.create(type, 3);
        INDArray varLast = Nd4j.create(type, 3);
        INDArray xHatLast = toNhwc(x).ulike();
        INDArray yLast = toNhwc(x).ulike();
        BatchNormKernel.forwardTraining(NHWC, toNhwc(x), KernelRecords.batchNorm(gamma, beta, meanLast, varLast, 1e-5), new BatchNormBuffers(xHatLast, yLast));
        assertTrue(ConvReference.maxAbsDifference(mean, meanLast) < tolerance, "batch mean");
        assertTrue(ConvReference.maxAbsDifference(var, varLast) < tolerance, "batch variance");
        assertSameValues(xHat, xHatLast, tolerance, type + " x-hat");
        assertSameValues(y, yLast, tolerance, type + " y");
        assertEquals(4 * 5 * 6, BatchNormKernel.valuesPerChannel(NHWC, yLast));

        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = beta.ulike();
        BatchNormKernel.backward(dy, KernelRecords.batchNormBackward(gamma, var, 1e-5, dGamma, dBeta), KernelRecords.normalized(xHat), dx);
        INDArray dxLast = toNhwc(x).ulike();
        INDArray dGammaLast = gamma.ulike();
        INDArray dBetaLast = beta.ulike();
        BatchNormKernel.backward(NHWC, toNhwc(dy), KernelRecords.batchNormBackward(gamma, varLast, 1e-5, dGammaLast, dBetaLast), KernelRecords.normalized(xHatLast), dxLast);
        assertSameValues(dx, dxLast, tolerance, type + " dx");
        assertTrue(ConvReference.maxAbsDifference(dGamma, dGammaLast) < 10 * tolerance, "dGamma");
        assertTrue(ConvReference.maxAbsDifference(dBeta, dBetaLast) < 10 * tolerance, "dBeta");

        INDArray inference = x.ulike();
        BatchNormKernel.forwardInference(x, KernelRecords.batchNormInference(gamma, beta, mean, var, 1e-5), inference);
        INDArray inferenceLast = toNhwc(x).ulike();
        BatchNormKernel.forwardInference(NHWC, toNhwc(x), KernelRecords.batchNormInference(gamma, beta, mean, var, 1e-5), inferenceLast);
        assertSameValues(inference, inferenceLast, tolerance, type + " inference");
    }

    @Test
    void batchNormBackwardAgreesWithCentralDifferences() {
        INDArray x = toNhwc(TestArrays.uniform(95, -1, 3, 3, 2, 4, 5));
        INDArray gamma = TestArrays.uniform(96, 0.5, 1.5, 2);
        INDArray beta = TestArrays.uniform(97, -1, 1, 2);
        INDArray r = TestArrays.probeWeights(98, x.shape());
        INDArray mean = Nd4j.create(DataType.DOUBLE, 2);
        INDArray var = Nd4j.create(DataType.DOUBLE, 2);
        INDArray xHat = x.ulike();
        INDArray y = x.ulike();
        BatchNormKernel.forwardTraining(NHWC, x, KernelRecords.batchNorm(gamma, beta, mean, var, 1e-5), new BatchNormBuffers(xHat, y));
        INDArray dx = x.ulike();
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = beta.ulike();
        BatchNormKernel.backward(NHWC, r, KernelRecords.batchNormBackward(gamma, var, 1e-5, dGamma, dBeta), KernelRecords.normalized(xHat), dx);
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("x", x);
        inputs.put("gamma", gamma);
        inputs.put("beta", beta);
        GradCheckReport report = GradCheck.checkFunction(inputs, () -> {
            BatchNormKernel.forwardTraining(NHWC, x, KernelRecords.batchNorm(gamma, beta, mean, var, 1e-5), new BatchNormBuffers(xHat, y));
            return GradCheck.projection(y, r);
        }, Map.of("x", dx, "gamma", dGamma, "beta", dBeta));
        assertTrue(report.passed(), report::toString);
    }

    @Test
    void channelSumsOfEitherLayout() {
        INDArray x = TestArrays.uniform(99, -1, 1, 3, 4, 5, 2);
        INDArray expected = x.sum(0, 2, 3);
        INDArray sums = Nd4j.create(DataType.DOUBLE, 4);
        AxisSums.sumChannels(FeatureLayout.NCHW, x, sums);
        assertTrue(ConvReference.maxAbsDifference(expected, sums) < 1e-14);
        AxisSums.sumChannels(NHWC, toNhwc(x), sums.assign(99.0));
        assertTrue(ConvReference.maxAbsDifference(expected, sums) < 1e-14);
        AxisSums.sumChannels(NHWC, toNhwc(x).dup('f'), sums.assign(99.0));
        assertTrue(ConvReference.maxAbsDifference(expected, sums) < 1e-14, "a strided array takes libnd4j's sum");
    }

    @Test
    void conversionsCopyBothWaysAndShareMemoryWithOneChannel() {
        INDArray nchw = TestArrays.uniform(101, -1, 1, 2, 3, 4, 5);
        INDArray entry = NHWC.entryBuffer(nchw);
        assertArrayEquals(new long[]{2, 4, 5, 3}, entry.shape());
        NHWC.fromNchw(nchw, entry);
        assertEquals(toNhwc(nchw), entry);
        assertEquals(nchw, NHWC.nchw(entry));
        INDArray exit = NHWC.exitBuffer(entry);
        NHWC.toNchw(entry, exit);
        assertEquals(nchw, exit);
        assertSame(NHWC.nchw(entry), NHWC.nchw(entry), "the NCHW view is cached, not rebuilt per call");

        INDArray oneChannel = TestArrays.uniform(102, -1, 1, 2, 1, 4, 5);
        INDArray view = NHWC.entryBuffer(oneChannel);
        assertEquals(oneChannel.data().address(), view.data().address(), "one channel: NHWC is the same memory");
        NHWC.fromNchw(oneChannel, view);
        assertEquals(toNhwc(oneChannel), view);

        assertSame(nchw, FeatureLayout.NCHW.entryBuffer(nchw));
        assertSame(nchw, FeatureLayout.NCHW.exitBuffer(nchw));
        assertSame(nchw, FeatureLayout.NCHW.nchw(nchw));
        INDArray copy = nchw.ulike();
        FeatureLayout.NCHW.fromNchw(nchw, copy);
        assertEquals(nchw, copy);
        assertArrayEquals(new long[]{2, 4, 5, 3}, NHWC.create(DataType.DOUBLE, 2, 3, 4, 5).shape());
        assertArrayEquals(new long[]{2, 3, 4, 5}, FeatureLayout.NCHW.create(DataType.DOUBLE, 2, 3, 4, 5).shape());
    }

    @Test
    void theLayoutFollowsOneDnnAndTheProperty() {
        String before = System.getProperty(FeatureLayout.PROPERTY);
        try {
            System.clearProperty(FeatureLayout.PROPERTY);
            assertEquals(OneDnn.available() ? NHWC : FeatureLayout.NCHW, FeatureLayout.forConvolutions(DataType.FLOAT));
            assertEquals(FeatureLayout.NCHW, FeatureLayout.forConvolutions(DataType.DOUBLE), "float64 never runs on oneDNN");
            System.setProperty(FeatureLayout.PROPERTY, "nhwc");
            assertEquals(NHWC, FeatureLayout.forConvolutions(DataType.DOUBLE));
            System.setProperty(FeatureLayout.PROPERTY, "nchw");
            assertEquals(FeatureLayout.NCHW, FeatureLayout.forConvolutions(DataType.FLOAT));
            System.setProperty(FeatureLayout.PROPERTY, "sideways");
            assertThrows(IllegalArgumentException.class, () -> FeatureLayout.forConvolutions(DataType.FLOAT));
        } finally {
            if (before == null) {
                System.clearProperty(FeatureLayout.PROPERTY);
            } else {
                System.setProperty(FeatureLayout.PROPERTY, before);
            }
        }
    }
}
