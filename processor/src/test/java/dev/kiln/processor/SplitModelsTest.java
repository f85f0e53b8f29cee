package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import dev.kiln.ir.ShapeInference;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Layerwise;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import javax.tools.JavaFileObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models whose generated code does not fit single JVM methods (they failed with "code too large"
 * above about 300 Dense layers, 70 residual units and DenseNet-201) compile with their code split
 * along their structure, construct, run forward and take a training step, and their split passes
 * compute what the model says: pre-activations across section boundaries and gradients against
 * central differences. Widths are small so that the tests are quick; depth is full.
 */
class SplitModelsTest {

    private static String generated(Compilation compilation, String name) throws IOException {
        return compilation.generatedSourceFile("test." + name + "Net").orElseThrow().getCharContent(true).toString();
    }

    private static void assertContains(String source, String... parts) {
        for (String part : parts) {
            assertTrue(source.contains(part), () -> "missing: " + part);
        }
    }

    @Test
    void aThousandLayerMlpIsSplitByLayerRanges() throws IOException {
        // tanh: smooth, where ReLU's kinks (and, this deep, dead units) defeat central differences, and bounded, so that
        // a thousand layers neither explode nor die; the deep-saturation warning is the point of the exercise here.
        List<String> lines = new ArrayList<>(List.of("@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                "@SuppressWarnings(Lints.DEEP_SATURATING)", "class Mlp {"));
        for (int i = 0; i < 1000; i++) {
            lines.add("  @Dense(units = 4, activation = Activation.TANH) Layer fc" + i + ";");
        }
        lines.add("  @Dense(units = 2) Layer out;");
        lines.add("}");
        Compilation compilation = Models.compile(Models.source("Mlp", lines.toArray(String[]::new)));
        assertThat(compilation).succeededWithoutWarnings();
        String source = generated(compilation, "Mlp");
        assertContains(source,
                "import static test.MlpNet.Fc0ToFc60Specs.*;",
                "static final class Fc0ToFc60Specs {",
                "The layer specs of fc0 ... fc60 (Mlp.java:6).",
                "public static final ModelGraph GRAPH = buildGraph();",
                "Fc0ToFc60Specs.addTo(graph);",
                "// fc0 ... fc60 (Mlp.java:6)\n        drawn = drawFc0ToFc60(seeds, dataType);\n        fc0W = drawn[0];",
                // the inference pass, which the base class's forward calls inside the concurrency guard
                "inferenceFc0ToFc60(buffers, features);\n        inferenceFc61ToFc121(buffers);",
                "Inference of fc61 ... fc121 (Mlp.java:67).",
                "private void backwardFc61ToFc121(Buffers buffers) {",
                // the pre-activation replay, which the base class's preActivation calls inside the guard too
                "if (layer <= 60) {\n            return preActivationFc0ToFc60(buffers, features, layer);\n        }\n        inferenceFc0ToFc60(buffers, features);",
                "allocateFc976ToOut(n, dataType);");
        KilnNet net = GeneratedNets.construct(compilation, "test.MlpNet");
        assertEquals(2002, net.parameters().size());
        GeneratedNets.forwardAndTrainStep(net);
        assertPreActivationsChain(net, features(net, 3), List.of(59, 60, 61, 62, 998, 999));
        GuardedCalls.assertRefusedWhileAnotherThreadTrains(net);
        assertGradientsMatch(net, "fc0.W", "fc60.b", "fc61.W", "fc500.W", "fc999.b", "out.W");
    }

    /**
     * DenseNet-201: blocks of 6, 12, 48 and 32 bottleneck units (201 weighted layers), growth rate 2, on 64x64 images (the
     * last block at 2x2: batch norm over fewer values is so curved that central differences stop resolving it).
     */
    @Test
    void denseNet201IsSplitByUnitsOfItsBlocks() throws IOException {
        JavaFileObject model = Models.source("DenseNet201",
                "@Model(input = {3, 64, 64}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class DenseNet201 {",
                "  @Conv2d(filters = 4, kernel = 7, stride = 2, padding = 3, bias = false) Layer conv1;",
                "  @BatchNorm Layer bn1;",
                "  @ActivationLayer(Activation.RELU) Layer relu;",
                "  @MaxPool2d(kernel = 3, stride = 2, padding = 1) Layer maxPool;",
                "  @DenseBlock(repeat = 6) Unit block1;",
                "  @Transition Layer transition1;",
                "  @DenseBlock(repeat = 12) Unit block2;",
                "  @Transition Layer transition2;",
                "  @DenseBlock(repeat = 48) Unit block3;",
                "  @Transition Layer transition3;",
                "  @DenseBlock(repeat = 32) Unit block4;",
                "  @BatchNorm Layer finalNorm;",
                "  @ActivationLayer(Activation.RELU) Layer finalRelu;",
                "  @GlobalAvgPool Layer avgPool;",
                "  @Dense(units = 3) Layer fc;",
                "  static class Unit {",
                "    @BatchNorm Layer bn1;",
                "    @ActivationLayer(Activation.RELU) Layer relu1;",
                "    @Conv2d(filters = 8, kernel = 1, bias = false) Layer conv1;",
                "    @BatchNorm Layer bn2;",
                "    @ActivationLayer(Activation.RELU) Layer relu2;",
                "    @Conv2d(filters = 2, kernel = 3, same = true, bias = false) Layer conv2;",
                "  }",
                "}");
        Compilation compilation = Models.compile(model);
        assertThat(compilation).succeededWithoutWarnings();
        String source = generated(compilation, "DenseNet201");
        assertContains(source, "private void inferenceConv1ToTransition1(Buffers buffers, INDArray features) {",
                "Inference of block3, units 0 to ", "private void trainingBlock3Units0To");
        KilnNet net = GeneratedNets.construct(compilation, "test.DenseNet201Net");
        assertEquals(201, ((Layerwise) net).weightLayers().size());
        GeneratedNets.forwardAndTrainStep(net);
        GuardedCalls.assertRefusedWhileAnotherThreadTrains(net);
        assertGradientsMatch(net, "block1_0_conv1.W", "transition2_conv.W", "block3_30_bn2.gamma", "block4_31_conv2.W", "fc.W");
    }

    /** A residual stage of 200 units with projections, batch norm and stochastic depth: split by runs of whole units. */
    @Test
    void aLongResidualStageWithStochasticDepthIsSplitByUnits() throws IOException, ReflectiveOperationException {
        JavaFileObject model = Models.source("Deep",
                "@Model(input = {2, 4, 4}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Deep {",
                "  @Residual(repeat = 200, width = 2, shortcut = Shortcut.PROJECTION, survival = 0.5, linearDecay = true) Unit stage;",
                "  @GlobalAvgPool Layer gap;",
                "  @Dense(units = 3) Layer out;",
                "  static class Unit {",
                "    @Conv2d(filters = 2, kernel = 3, same = true, bias = false) Layer conv;",
                "    @BatchNorm Layer bn;",
                "  }",
                "}");
        Compilation compilation = Models.compile(model);
        assertThat(compilation).succeededWithoutWarnings();
        String source = generated(compilation, "Deep");
        assertContains(source, "private void trainingStageUnits0To", "Backward of stage, units 0 to");
        KilnNet net = GeneratedNets.construct(compilation, "test.DeepNet");
        GeneratedNets.forwardAndTrainStep(net);
        // Frozen passes take the gates as set: close two, in different sections, so that the split code's skips are checked too.
        for (String gate : List.of("stage_3_addSurvives", "stage_150_addSurvives")) {
            net.getClass().getField(gate).setBoolean(net, false);
        }
        assertGradientsMatch(net, "stage_0_conv.W", "stage_0_projection.W", "stage_3_conv.W", "stage_99_bn.gamma", "stage_150_bn.gamma",
                "stage_199_conv.W", "out.b");
    }

    /** Units of 80 layers each, too large for one section: split by runs of their layers. */
    @Test
    void aUnitTooLargeForOneSectionIsSplitByItsLayers() throws IOException {
        List<String> lines = new ArrayList<>(List.of("@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                "@SuppressWarnings(Lints.DEEP_SATURATING)", "class Tall {", "  @Residual(repeat = 2) Unit stage;",
                "  @Dense(units = 2) Layer out;", "  static class Unit {"));
        for (int i = 0; i < 80; i++) {
            lines.add("    @Dense(units = 4, activation = Activation.TANH) Layer fc" + i + ";");
        }
        lines.add("  }");
        lines.add("}");
        Compilation compilation = Models.compile(Models.source("Tall", lines.toArray(String[]::new)));
        assertThat(compilation).succeededWithoutWarnings();
        assertContains(generated(compilation, "Tall"), "Inference of stage, unit 0: stage_0_fc0 ... stage_0_fc",
                "private void inferenceStage_1_fc0ToStage_1_fc");
        KilnNet net = GeneratedNets.construct(compilation, "test.TallNet");
        GeneratedNets.forwardAndTrainStep(net);
        assertGradientsMatch(net, "stage_0_fc0.W", "stage_0_fc79.b", "stage_1_fc40.W", "out.W");
    }

    private static INDArray features(KilnNet net, int batch) {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.DOUBLE, net.graph().input().withBatch(batch)).subi(0.5);
    }

    /** Each weight layer's pre-activation, through its tanh and the next layer's weights, gives the next one's. */
    private static void assertPreActivationsChain(KilnNet net, INDArray features, List<Integer> layers) {
        Layerwise layerwise = (Layerwise) net;
        for (int layer : layers) {
            INDArray next = layerwise.preActivation(features, layer + 1).dup();
            INDArray here = layerwise.preActivation(features, layer).dup();
            var weights = layerwise.weightLayers().get(layer + 1);
            INDArray expected = Transforms.tanh(here, true).mmul(weights.weight()).addRowVector(weights.bias());
            assertTrue(expected.equalsWithEps(next, 1e-9), "pre-activation of weight layer " + (layer + 1) + " from layer " + layer);
        }
        INDArray output = net.forward(features).dup();
        assertTrue(output.equalsWithEps(layerwise.preActivation(features, layerwise.weightLayers().size() - 1), 1e-12),
                "the last weight layer's pre-activation is the output");
    }

    /** The named parameters' gradients, from the split backward pass, against central differences of the training loss. */
    private static void assertGradientsMatch(KilnNet net, String... names) {
        Map<String, INDArray> analytic = new LinkedHashMap<>();
        INDArray features = features(net, 4);
        INDArray targets = Nd4j.zeros(DataType.DOUBLE, ShapeInference.infer(net.graph()).output().withBatch(4));
        for (int n = 0; n < targets.rows(); n++) {
            targets.putScalar(n, n % targets.columns(), 1.0); // one-hot, or a regression target
        }
        // Frozen, every pass sees the same function: the same dropout masks, and stochastic depth's gates as set (open).
        net.freezeRandomness(true);
        try {
            net.computeGradients(features, targets);
            Map<String, INDArray> values = new LinkedHashMap<>();
            for (Parameter parameter : net.parameters()) {
                if (List.of(names).contains(parameter.name())) {
                    values.put(parameter.name(), parameter.value());
                    analytic.put(parameter.name(), parameter.gradient().dup());
                }
            }
            assertEquals(names.length, values.size(), "parameters found: " + values.keySet());
            GradCheckReport report = GradCheck.checkFunction(values, () -> net.computeGradients(features, targets), analytic,
                    GradCheck.Options.DEFAULT.withMaxCoordinatesPerTensor(2).withTolerance(1e-5));
            assertTrue(report.passed(), report::toString);
        } finally {
            net.freezeRandomness(false);
        }
        assertFalse(analytic.values().stream().allMatch(g -> g.norm2Number().doubleValue() == 0), "some gradient is not zero");
    }
}
