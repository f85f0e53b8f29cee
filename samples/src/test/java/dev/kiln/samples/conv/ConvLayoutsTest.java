package dev.kiln.samples.conv;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.kernels.FeatureLayout;
import dev.kiln.samples.TestArrays;
import dev.kiln.samples.fashion.FashionCnnNet;
import dev.kiln.samples.models.LearnedActivations_ConvNet;
import dev.kiln.samples.residual.ResidualModels_PostActivationNet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated models with their convolution chains in NHWC against the same models in NCHW (the
 * layout is read when a model is built, from {@link FeatureLayout#PROPERTY}): the same weights give
 * the same outputs, loss and gradients, up to rounding. In float32 with a oneDNN binary that
 * compares oneDNN's kernels in both layouts, in float64 libnd4j's own.
 */
class ConvLayoutsTest {

    /** A model, how to build it for a data type, the shape of one example and the number of classes. */
    record Case(String name, Function<DataType, KilnNet> create, long[] example, int classes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("FashionCnn (three conv stages, two convs in the third)", type -> new FashionCnnNet(3, type),
                        new long[]{784}, 10),
                new Case("StridedGrouped (grouped and dilated convs between chains)", type -> new ConvModels_StridedGroupedNet(4, type),
                        new long[]{72}, 3),
                new Case("PostActivation (residual units, projection)", type -> new ResidualModels_PostActivationNet(5, type),
                        new long[]{2, 6, 6}, 3),
                new Case("LearnedActivations.Conv (PReLU and maxout in the chain)", type -> new LearnedActivations_ConvNet(6, type),
                        new long[]{2, 6, 6}, 3));
    }

    private static KilnNet build(Case c, DataType type, FeatureLayout layout) {
        String before = System.getProperty(FeatureLayout.PROPERTY);
        System.setProperty(FeatureLayout.PROPERTY, layout.name().toLowerCase(java.util.Locale.ROOT));
        try {
            return c.create().apply(type); // the same seed: the same weights, and the same dropout masks drawn
        } finally {
            if (before == null) {
                System.clearProperty(FeatureLayout.PROPERTY);
            } else {
                System.setProperty(FeatureLayout.PROPERTY, before);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32ChainsInNhwcMatchNchw(Case c) {
        // Measured: inference outputs identical (oneDNN's forward is the same kernel after NCHW's reorders),
        // gradients within 2e-6 (batch norm's sums run over other views, conv1's backward through conv2d_bp).
        assertLayoutsAgree(c, DataType.FLOAT, 1e-5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float64ChainsInNhwcMatchNchw(Case c) {
        assertLayoutsAgree(c, DataType.DOUBLE, 1e-12);
    }

    /** Outputs, loss and every parameter gradient within {@code tolerance}, relative to the largest magnitude. */
    private static void assertLayoutsAgree(Case c, DataType type, double tolerance) {
        KilnNet nchw = build(c, type, FeatureLayout.NCHW);
        KilnNet nhwc = build(c, type, FeatureLayout.NHWC);
        long[] shape = new long[c.example().length + 1];
        shape[0] = 8;
        System.arraycopy(c.example(), 0, shape, 1, c.example().length);
        INDArray x = TestArrays.gaussian(8, (int) (java.util.Arrays.stream(c.example()).reduce(1, (a, b) -> a * b)), 1, 0, 11)
                .reshape(shape).castTo(type);
        INDArray y = TestArrays.oneHot(8, c.classes(), 12).castTo(type);

        assertClose(c + " inference output", nchw.forward(x).dup(), nhwc.forward(x), tolerance);
        double lossNchw = nchw.computeGradients(x, y);
        double lossNhwc = nhwc.computeGradients(x, y);
        assertEquals(lossNchw, lossNhwc, tolerance * Math.abs(lossNchw), c + " loss");
        List<Parameter> expected = nchw.parameters();
        List<Parameter> actual = nhwc.parameters();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Parameter p = expected.get(i);
            assertClose(c + " gradient of " + p.layer() + "." + p.role(), p.gradient(), actual.get(i).gradient(), tolerance);
        }
    }

    private static void assertClose(String what, INDArray expected, INDArray actual, double tolerance) {
        double scale = Math.max(Transforms.abs(expected.castTo(DataType.DOUBLE), true).maxNumber().doubleValue(), 1e-30);
        double difference = Transforms.abs(expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)), true)
                .maxNumber().doubleValue();
        assertTrue(difference <= tolerance * scale, () -> what + ": differs by " + difference + " (largest magnitude " + scale + ")");
    }
}
