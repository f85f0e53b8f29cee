package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One generated method per user block class and pass, called once per unit: the text the
 * generated class has for it. (That the units compute bitwise what their written-out code did is
 * the samples' FingerprintTest, on ResNet-18, ResNet-50 and DenseNet-121.)
 */
class BlockMethodsTest {

    private static String generate(String name, String... body) throws IOException {
        Compilation compilation = Models.compile(Models.source(name, body));
        assertThat(compilation).succeededWithoutWarnings();
        return compilation.generatedSourceFile("test." + name + "Net").orElseThrow().getCharContent(true).toString();
    }

    private static int count(String source, String text) {
        Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(source);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    private static final String[] TWO_STAGES = {
            "@Model(input = 32, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
            "class TwoStages {",
            "  @Reshape({2, 4, 4}) Layer image;",
            "  @Conv2d(filters = 4, kernel = 3, same = true, activation = Activation.RELU) Layer stem;",
            "  @Residual(repeat = 2, activation = Activation.RELU) Unit stage1;",
            "  @Residual(repeat = 1, width = 2, stride = 2, activation = Activation.RELU) Unit stage2;",
            "  @GlobalAvgPool Layer gap;",
            "  @Dense(units = 3) Layer logits;",
            "  static class Unit {",
            "    @Conv2d(filters = 4, kernel = 3, same = true, bias = false) Layer conv;",
            "    @BatchNorm Layer bn;",
            "    @ActivationLayer(Activation.RELU) Layer relu;",
            "  }",
            "}"};

    @Test
    void everyUnitOfABlockClassCallsItsMethods() throws IOException {
        String source = generate("TwoStages", TWO_STAGES);
        assertTrue(source.contains("private void unitTraining(UnitUnit unit, UnitBuffers buffers, INDArray input) {"), source);
        assertTrue(source.contains("private void unitBackward(UnitUnit unit, UnitBuffers buffers, INDArray input,"), source);
        // Three units in two stages (the second wider and strided) share the methods: the code reads specs, not numbers.
        // The model has one inference method and the snapshot one of its own, which reads the folded weights.
        assertEquals(2, count(source, "private void unitInference("));
        assertEquals(6, count(source, "unitInference(stage"));
        assertEquals(3, count(source, "unitTraining(stage"));
        assertEquals(3, count(source, "unitBackward(stage"));
        assertTrue(source.contains("unitTraining(stage1_1, buffers.stage1_1, buffers.stage1_0_addOut);"), source);
        // The method's code names the unit's members, as declared in the block class.
        assertTrue(source.contains("Conv2dKernel.forward(layout, input, unit.conv, buffers.convOut);"), source);
        assertTrue(source.contains("// conv: @Conv2d(filters=4, kernel=3, same=true, bias=false)"), source);
        assertTrue(source.contains("inputCheck.batchStatistics(unit.bnSpec.name(), buffers.convOut, layout);"), source);
        // Nothing of a unit stays written out in the training pass or the snapshot's forward. (preActivation still writes units out.)
        String training = source.substring(source.indexOf("protected double trainingPass("), source.indexOf("protected INDArray preActivationPass("));
        assertEquals(0, count(training, "buffers.stage1_1_conv"), training);
        String snapshot = source.substring(source.indexOf("public static final class Frozen"), source.indexOf("static final class Buffers"));
        assertEquals(0, count(snapshot, "buffers.stage1_1_conv"), snapshot);
        assertTrue(snapshot.contains("Conv2dKernel.forward(layout, input, unit.convFolded, buffers.bnOut);"), snapshot);
        assertTrue(snapshot.contains("stage1_1 = new UnitUnit(stage1_1_convFolded, STAGE1_1_RELU);"), snapshot);
        String preActivation = source.substring(source.indexOf("protected INDArray preActivationPass("), source.indexOf("public Optimizer defaultOptimizer("));
        assertEquals(3, count(source, "buffers.stage1_1_convOut"), "only preActivation, which returns at a layer, writes units out");
        assertEquals(3, count(preActivation, "buffers.stage1_1_convOut"), preActivation);
        assertTrue(source.contains("stage1_1 = new UnitUnit(stage1_1_conv, stage1_1_bn, STAGE1_1_RELU, STAGE1_1_BN);"), source);
        // The stage's own join stays in the pass.
        assertTrue(source.contains("ResidualKernel.add(buffers.stage1_0_addOut, buffers.stage1_1_reluOut, buffers.stage1_1_addSum);"), source);
    }

    @Test
    void unitsWithStochasticDepthKeepTheirCodeInThePass() throws IOException {
        String source = generate("Gated",
                "@Model(input = 32, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Gated {",
                "  @Reshape({2, 4, 4}) Layer image;",
                "  @Conv2d(filters = 4, kernel = 3, same = true, activation = Activation.RELU) Layer stem;",
                "  @Residual(repeat = 2, survival = 0.8, activation = Activation.RELU) Unit stage1;",
                "  @GlobalAvgPool Layer gap;",
                "  @Dense(units = 3) Layer logits;",
                "  static class Unit {",
                "    @Conv2d(filters = 4, kernel = 3, same = true, bias = false) Layer conv;",
                "    @BatchNorm Layer bn;",
                "  }",
                "}");
        // The gate opens before the branch and closes after the addition: the branch alone is no method.
        assertEquals(0, count(source, "unitTraining("), source);
        assertTrue(source.contains("buffers.stage1_1_convOut"), source);
    }
}
