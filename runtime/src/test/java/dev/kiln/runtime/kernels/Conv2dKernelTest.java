package dev.kiln.runtime.kernels;

import dev.kiln.dsl.Activation;
import dev.kiln.ir.ActivationFunction;
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
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Conv2dKernelTest {

    /** One convolution under test: input [n, c, h, w], outC filters, geometry, with or without bias. */
    record Case(String name, int n, int c, int h, int w, int outC, Conv2dGeometry g, boolean bias) {
        INDArray x() {
            return TestArrays.uniform(11, -1, 1, n, c, h, w);
        }

        INDArray weights() {
            return TestArrays.uniform(12, -1, 1, outC, c / g.groups(), g.kH(), g.kW());
        }

        INDArray b() {
            return bias ? TestArrays.uniform(13, -1, 1, outC) : null;
        }

        INDArray output() {
            int[] size = g.outputSize(h, w);
            return Nd4j.create(DataType.DOUBLE, n, outC, size[0], size[1]);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("stride 1, padding 0, bias", 2, 3, 6, 5, 4, Conv2dGeometry.of(3, 1, 0, 1, 1), true),
                new Case("stride 1, padding 1, no bias", 2, 3, 6, 5, 4, Conv2dGeometry.of(3, 1, 1, 1, 1), false),
                new Case("1 channel in, padding 1, bias", 2, 1, 6, 5, 4, Conv2dGeometry.of(3, 1, 1, 1, 1), true),
                new Case("stride 2, padding 1, bias", 2, 3, 7, 6, 4, Conv2dGeometry.of(3, 2, 1, 1, 1), true),
                new Case("stride 2, padding 0, no bias", 2, 2, 7, 8, 3, Conv2dGeometry.of(3, 2, 0, 1, 1), false),
                new Case("same 3x3, stride 1", 2, 3, 5, 6, 2, Conv2dGeometry.same(3, 3, 1, 1, 1), true),
                new Case("same 5x5", 1, 2, 6, 6, 3, Conv2dGeometry.same(5, 5, 1, 1, 1), false),
                new Case("dilation 2, same", 2, 2, 7, 7, 3, Conv2dGeometry.same(3, 3, 2, 2, 1), true),
                new Case("dilation 2, stride 2, padding 1", 2, 2, 8, 7, 3, Conv2dGeometry.of(3, 2, 1, 2, 1), false),
                new Case("groups 2, bias", 2, 4, 6, 5, 6, Conv2dGeometry.of(3, 1, 1, 1, 2), true),
                new Case("groups 2, stride 2, no bias", 2, 4, 7, 6, 4, Conv2dGeometry.of(3, 2, 1, 1, 2), false),
                new Case("depthwise (groups = C), bias", 2, 3, 6, 5, 3, Conv2dGeometry.of(3, 1, 1, 1, 3), true),
                new Case("depthwise, stride 2, dilation 2, no bias", 2, 4, 8, 7, 4, Conv2dGeometry.of(3, 2, 2, 2, 4), false),
                new Case("depthwise multiplier 2 (groups = C, outC = 2C)", 2, 3, 5, 5, 6, Conv2dGeometry.of(3, 1, 1, 1, 3), true),
                new Case("1x1 projection, stride 2", 2, 4, 6, 6, 5, Conv2dGeometry.of(1, 2, 0, 1, 1), false),
                new Case("rectangular 3x2, strides 1x2, padding 1x0, dilation 1x2", 2, 2, 6, 7, 3,
                        Conv2dGeometry.of(3, 2, 1, 2, 1, 0, 1, 2, 1), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesLoopReference(Case c) {
        INDArray x = c.x();
        INDArray w = c.weights();
        INDArray b = c.b();
        INDArray y = c.output();
        Conv2dKernel.forward(x, Conv2dLayer.of(w, b, c.g()), y);
        INDArray expected = ConvReference.conv(x, w, b, c.g());
        assertArrayEquals(expected.shape(), y.shape());
        assertTrue(ConvReference.maxAbsDifference(expected, y) < 1e-13, () -> c + ": " + y + " vs " + expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardAgreesWithCentralDifferences(Case c) {
        INDArray x = c.x();
        INDArray w = c.weights();
        INDArray b = c.b();
        INDArray y = c.output();
        INDArray r = TestArrays.probeWeights(14, y.shape());
        // Stale values in every gradient buffer: backward must overwrite, not accumulate.
        INDArray dx = Nd4j.valueArrayOf(x.shape(), 99.0, DataType.DOUBLE);
        INDArray dW = Nd4j.valueArrayOf(w.shape(), 99.0, DataType.DOUBLE);
        INDArray db = c.bias() ? Nd4j.valueArrayOf(b.shape(), 99.0, DataType.DOUBLE) : null;
        Conv2dKernel.backward(x, r, KernelRecords.convBackward(w, c.g(), dW, db), dx);

        GradCheckReport report = checkConvolution(x, w, b, dx, dW, db, () -> {
            Conv2dKernel.forward(x, Conv2dLayer.of(w, b, c.g()), y);
            return GradCheck.projection(y, r);
        });
        assertTrue(report.passed(), () -> c + ": " + report);
        assertEquals(c.bias() ? 3 : 2, report.entries().size());
    }

    /** Central differences of {@code loss} in x, W and (when b is not null) b against dx, dW and db. */
    static GradCheckReport checkConvolution(INDArray x, INDArray w, INDArray b, INDArray dx, INDArray dW, INDArray db,
                                            DoubleSupplier loss) {
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        if (dx != null) {
            inputs.put("x", x);
            gradients.put("x", dx);
        }
        inputs.put("W", w);
        gradients.put("W", dW);
        if (b != null) {
            inputs.put("b", b);
            gradients.put("b", db);
        }
        return GradCheck.checkFunction(inputs, loss, gradients);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstLayerBackwardSkipsInputGradientWithSameWeightGradient(Case c) {
        INDArray x = c.x();
        INDArray w = c.weights();
        INDArray dy = TestArrays.uniform(15, -1, 1, c.output().shape());
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, c.g(), dW, null), dx);
        INDArray dWOnly = Nd4j.valueArrayOf(w.shape(), -7.0, DataType.DOUBLE);
        Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, c.g(), dWOnly, null), null);
        assertEquals(dW, dWOnly);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardIntoReusedBufferDoesNotAccumulate(Case c) {
        INDArray x = c.x();
        INDArray w = c.weights();
        INDArray b = c.b();
        INDArray y = Nd4j.valueArrayOf(c.output().shape(), 99.0, DataType.DOUBLE);
        Conv2dKernel.forward(x, Conv2dLayer.of(w, b, c.g()), y);
        INDArray first = y.dup();
        Conv2dKernel.forward(x, Conv2dLayer.of(w, b, c.g()), y);
        assertEquals(first, y);
        assertTrue(ConvReference.maxAbsDifference(ConvReference.conv(x, w, b, c.g()), y) < 1e-13);
    }

    @ParameterizedTest(name = "groups {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void nonContiguousArraysTakeTheLibraryPathWithTheSameResult(int groups) {
        // f-ordered dy and dW have no contiguous per-example blocks: backward falls back to conv2d_bp.
        Conv2dGeometry g = Conv2dGeometry.of(3, 2, 1, 1, groups);
        INDArray x = TestArrays.uniform(51, -1, 1, 2, 4, 6, 5);
        INDArray w = TestArrays.uniform(52, -1, 1, 6, 4 / groups, 3, 3);
        INDArray dy = TestArrays.uniform(53, -1, 1, 2, 6, 3, 3);
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        INDArray db = Nd4j.create(DataType.DOUBLE, 6);
        Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, g, dW, db), dx);

        INDArray dxF = Nd4j.create(DataType.DOUBLE, x.shape(), 'f');
        INDArray dWF = Nd4j.valueArrayOf(w.shape(), 99.0, DataType.DOUBLE).dup('f');
        INDArray dbF = Nd4j.create(DataType.DOUBLE, 6);
        Conv2dKernel.backward(x.dup('f'), dy.dup('f'), KernelRecords.convBackward(w.dup('f'), g, dWF, dbF), dxF);
        assertTrue(ConvReference.maxAbsDifference(dx, dxF) < 1e-13);
        assertTrue(ConvReference.maxAbsDifference(dW, dWF) < 1e-13);
        assertTrue(ConvReference.maxAbsDifference(db, dbF) < 1e-13);

        INDArray y = Nd4j.create(DataType.DOUBLE, new long[]{2, 6, 3, 3}, 'f');
        Conv2dKernel.forward(x.dup('f'), Conv2dLayer.of(w.dup('f'), null, g), y);
        assertTrue(ConvReference.maxAbsDifference(ConvReference.conv(x, w, null, g), y) < 1e-13);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH"})
    void fusedForwardWithActivationAgreesWithCentralDifferences(Activation kind) {
        ActivationFunction f = ActivationFunction.of(kind);
        Conv2dGeometry g = Conv2dGeometry.of(3, 2, 1, 1, 1);
        INDArray x = TestArrays.uniform(21, -1, 1, 2, 3, 6, 6);
        INDArray w = TestArrays.uniform(22, -1, 1, 4, 3, 3, 3);
        INDArray b = TestArrays.uniform(23, -1, 1, 4);
        INDArray z = Nd4j.create(DataType.DOUBLE, 2, 4, 3, 3);
        INDArray a = z.ulike();
        Conv2dKernel.forward(x, new Conv2dLayer(w, b, null, null, g, f), z, a);
        assertTrue(Transforms.abs(z, true).minNumber().doubleValue() > 1e-4, "pre-activations must avoid the ReLU kink");
        INDArray expectedA = z.ulike();
        Activations.forward(f, ConvReference.conv(x, w, b, g), expectedA);
        assertTrue(ConvReference.maxAbsDifference(expectedA, a) < 1e-13);

        INDArray r = TestArrays.probeWeights(24, z.shape());
        INDArray dz = z.ulike();
        Activations.backward(f, z, a, r, dz);
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        INDArray db = b.ulike();
        Conv2dKernel.backward(x, dz, KernelRecords.convBackward(w, g, dW, db), dx);

        INDArray zProbe = z.ulike();
        INDArray aProbe = a.ulike();
        GradCheckReport report = GradCheck.checkFunction(inputs("x", x, "W", w, "b", b), () -> {
            Conv2dKernel.forward(x, new Conv2dLayer(w, b, null, null, g, f), zProbe, aProbe);
            return GradCheck.projection(aProbe, r);
        }, Map.of("x", dx, "W", dW, "b", db));
        assertTrue(report.passed(), report::toString);
    }

    @Test
    void fusedIdentityIntoTheSameArrayLeavesZ() {
        Conv2dGeometry g = Conv2dGeometry.of(3, 1, 1, 1, 1);
        INDArray x = TestArrays.uniform(31, -1, 1, 1, 2, 4, 4);
        INDArray w = TestArrays.uniform(32, -1, 1, 3, 2, 3, 3);
        INDArray z = Nd4j.create(DataType.DOUBLE, 1, 3, 4, 4);
        Conv2dKernel.forward(x, new Conv2dLayer(w, null, null, null, g, ActivationFunction.IDENTITY), z, z);
        INDArray plain = z.ulike();
        Conv2dKernel.forward(x, Conv2dLayer.of(w, null, g), plain);
        assertEquals(plain, z);
    }

    @Test
    void float32MatchesFloat64() {
        Conv2dGeometry g = Conv2dGeometry.of(3, 1, 1, 1, 2);
        INDArray x = TestArrays.uniform(41, -1, 1, 2, 4, 5, 5);
        INDArray w = TestArrays.uniform(42, -1, 1, 4, 2, 3, 3);
        INDArray b = TestArrays.uniform(43, -1, 1, 4);
        INDArray y = Nd4j.create(DataType.DOUBLE, 2, 4, 5, 5);
        Conv2dKernel.forward(x, Conv2dLayer.of(w, b, g), y);
        INDArray yFloat = Nd4j.create(DataType.FLOAT, 2, 4, 5, 5);
        Conv2dKernel.forward(x.castTo(DataType.FLOAT), Conv2dLayer.of(w.castTo(DataType.FLOAT), b.castTo(DataType.FLOAT), g), yFloat);
        assertTrue(ConvReference.maxAbsDifference(y, yFloat) < 1e-5);

        INDArray dy = TestArrays.uniform(44, -1, 1, 2, 4, 5, 5);
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        INDArray db = b.ulike();
        Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, g, dW, db), dx);
        INDArray dxF = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray dWF = Nd4j.create(DataType.FLOAT, w.shape());
        INDArray dbF = Nd4j.create(DataType.FLOAT, b.shape());
        Conv2dKernel.backward(x.castTo(DataType.FLOAT), dy.castTo(DataType.FLOAT), KernelRecords.convBackward(w.castTo(DataType.FLOAT), g, dWF, dbF), dxF);
        assertTrue(ConvReference.maxAbsDifference(dx, dxF) < 1e-5);
        assertTrue(ConvReference.maxAbsDifference(dW, dWF) < 1e-5);
        assertTrue(ConvReference.maxAbsDifference(db, dbF) < 1e-5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32MatchesFloat64InEveryCase(Case c) {
        // With a oneDNN binary float32 goes through oneDNN where libnd4j has it (and must not where
        // libnd4j gets it wrong: dilated conv2d); float64 never does. Sums of at most 36 terms of
        // size 1 here, so 1e-5 is ~10x float32's rounding.
        INDArray x = c.x();
        INDArray w = c.weights();
        INDArray b = c.b();
        INDArray y = c.output();
        Conv2dKernel.forward(x, Conv2dLayer.of(w, b, c.g()), y);
        INDArray yFloat = Nd4j.create(DataType.FLOAT, y.shape());
        Conv2dKernel.forward(x.castTo(DataType.FLOAT), Conv2dLayer.of(w.castTo(DataType.FLOAT), b == null ? null : b.castTo(DataType.FLOAT), c.g()), yFloat);
        assertTrue(ConvReference.maxAbsDifference(y, yFloat) < 1e-5, () -> c + ": forward");

        INDArray dy = TestArrays.uniform(45, -1, 1, y.shape());
        INDArray dx = x.ulike();
        INDArray dW = w.ulike();
        INDArray db = b == null ? null : b.ulike();
        Conv2dKernel.backward(x, dy, KernelRecords.convBackward(w, c.g(), dW, db), dx);
        INDArray dxF = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray dWF = Nd4j.create(DataType.FLOAT, w.shape());
        INDArray dbF = b == null ? null : Nd4j.create(DataType.FLOAT, b.shape());
        Conv2dKernel.backward(x.castTo(DataType.FLOAT), dy.castTo(DataType.FLOAT), KernelRecords.convBackward(w.castTo(DataType.FLOAT), c.g(), dWF, dbF), dxF);
        assertTrue(ConvReference.maxAbsDifference(dx, dxF) < 1e-5, () -> c + ": dx");
        assertTrue(ConvReference.maxAbsDifference(dW, dWF) < 1e-5, () -> c + ": dW");
        if (b != null) {
            assertTrue(ConvReference.maxAbsDifference(db, dbF) < 1e-5, () -> c + ": db");
        }
    }

    @Test
    void outputSizesFromTheReference() {
        // Reference §12: 224 with K7, P3, S2 -> 112.
        assertArrayEquals(new int[]{112, 112}, Conv2dGeometry.of(7, 2, 3, 1, 1).outputSize(224, 224));
        // The worked row's formula with dilation: floor((H + 2P - D(K-1) - 1)/S) + 1.
        assertArrayEquals(new int[]{28, 26}, Conv2dGeometry.of(3, 3, 1, 1, 2, 2, 2, 3, 1).outputSize(28, 28));
        assertArrayEquals(new int[]{14, 14}, Conv2dGeometry.of(3, 2, 1, 1, 1).outputSize(28, 28));
        assertArrayEquals(new int[]{14, 14}, Conv2dGeometry.of(3, 2, 1, 1, 1).outputSize(27, 27));
        assertArrayEquals(new int[]{28, 28}, Conv2dGeometry.same(3, 3, 1, 1, 1).outputSize(28, 28));
        assertArrayEquals(new int[]{9, 9}, Conv2dGeometry.same(5, 5, 3, 3, 1).outputSize(9, 9));
    }

    @Test
    void samePaddingIsSymmetricOrRefused() {
        assertEquals(1, Conv2dGeometry.samePadding(3, 1, 1));
        assertEquals(2, Conv2dGeometry.samePadding(3, 1, 2));
        assertEquals(3, Conv2dGeometry.samePadding(7, 1, 1));
        assertEquals(0, Conv2dGeometry.samePadding(1, 1, 1));
        // Even kernels and strides other than 1 would need TF's asymmetric padding.
        assertThrows(IllegalArgumentException.class, () -> Conv2dGeometry.samePadding(2, 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2dGeometry.samePadding(3, 2, 1));
        assertTrue(e.getMessage().contains("stride 1"), e.getMessage());
    }

    @Test
    void mistakesAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> Conv2dGeometry.of(0, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Conv2dGeometry.of(3, 1, -1, 1, 1));
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> Conv2dGeometry.of(5, 1, 0, 1, 1).outputSize(4, 8));
        assertTrue(tooBig.getMessage().contains("larger than the padded input height 4"), tooBig.getMessage());

        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 3, 6, 6);
        IllegalArgumentException groups = assertThrows(IllegalArgumentException.class, () -> Conv2dKernel.forward(x, Conv2dLayer.of(Nd4j.create(DataType.DOUBLE, 4, 1, 3, 3), null, Conv2dGeometry.of(3, 1, 1, 1, 2)), Nd4j.create(DataType.DOUBLE, 2, 4, 6, 6)));
        assertTrue(groups.getMessage().contains("groups 2 must divide the input channels 3"), groups.getMessage());
        IllegalArgumentException wrongY = assertThrows(IllegalArgumentException.class, () -> Conv2dKernel.forward(x, Conv2dLayer.of(Nd4j.create(DataType.DOUBLE, 4, 3, 3, 3), null, Conv2dGeometry.of(3, 2, 1, 1, 1)), Nd4j.create(DataType.DOUBLE, 2, 4, 6, 6)));
        assertTrue(wrongY.getMessage().startsWith("y must have shape [2, 4, 3, 3]"), wrongY.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conv2dKernel.forward(x, Conv2dLayer.of(Nd4j.create(DataType.DOUBLE, 4, 2, 3, 3), null, Conv2dGeometry.of(3, 1, 1, 1, 1)), Nd4j.create(DataType.DOUBLE, 2, 4, 6, 6)));
        assertThrows(IllegalArgumentException.class, () -> Conv2dKernel.backward(x, Nd4j.create(DataType.DOUBLE, 2, 4, 6, 6), KernelRecords.convBackward(Nd4j.create(DataType.DOUBLE, 4, 3, 3, 3), Conv2dGeometry.of(3, 1, 1, 1, 1), Nd4j.create(DataType.DOUBLE, 4, 3, 3, 3), Nd4j.create(DataType.DOUBLE, 5)), null));
    }

    private static Map<String, INDArray> inputs(Object... namesAndArrays) {
        Map<String, INDArray> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndArrays.length; i += 2) {
            map.put((String) namesAndArrays[i], (INDArray) namesAndArrays[i + 1]);
        }
        return map;
    }
}
