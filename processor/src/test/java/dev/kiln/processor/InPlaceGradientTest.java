package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fused activation's backward turns the layer's dL/d(output) into dL/dz in its own gradient
 * buffer. The generated code names that array again for what it then holds, a local alias of the
 * same buffer, and every statement after the activation reads the alias: no name says dL/d(output)
 * where the array holds dL/dz, and no array is added (the kernel calls get the same arrays, which
 * the samples' FingerprintTest holds bitwise).
 */
class InPlaceGradientTest {

    private static String generate(String name, String... body) throws IOException {
        Compilation compilation = Models.compile(Models.source(name, body));
        assertThat(compilation).succeededWithoutWarnings();
        return compilation.generatedSourceFile("test." + name + "Net").orElseThrow().getCharContent(true).toString();
    }

    /**
     * A residual model on 2x4x4 images: a 3x3 convolution stem, the {@code stages} (fields of block
     * class {@code Unit}, whose layers are {@code unitLayers}), global pooling and three logits.
     */
    private static String[] residual(String name, List<String> stages, String... unitLayers) {
        List<String> body = new ArrayList<>(List.of("@Model(input = 32, loss = Loss.SOFTMAX_CROSS_ENTROPY)", "class " + name + " {",
                "  @Reshape({2, 4, 4}) Layer image;", "  @Conv2d(filters = 4, kernel = 3, same = true) Layer stem;"));
        stages.forEach(stage -> body.add("  " + stage));
        body.addAll(List.of("  @GlobalAvgPool Layer gap;", "  @Dense(units = 3) Layer logits;", "  static class Unit {"));
        for (String layer : unitLayers) {
            body.add("    " + layer);
        }
        body.addAll(List.of("  }", "}"));
        return body.toArray(String[]::new);
    }

    /** The text of {@code trainingPass}' backward pass. */
    private static String backward(String source) {
        return source.substring(source.indexOf("// ---- backward ----"), source.indexOf("return loss;"));
    }

    @Test
    void aDenseLayersBackwardReadsDLdzUnderItsOwnName() throws IOException {
        String backward = backward(generate("Mlp",
                "@Model(input = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Mlp {",
                "  @Dense(units = 5, activation = Activation.TANH) Layer hidden;",
                "  @Dense(units = 3) Layer logits;",
                "}"));
        assertTrue(backward.contains("""
                        // hidden: Dense 6 -> 5, tanh (Mlp.java:5)  backward dL/d[n,5] -> dL/d[n,6]; no input gradient needed
                        INDArray hiddenZGrad = buffers.hiddenGrad;  // the same array: the activation's backward overwrites dL/d(output) with dL/dz
                        Activations.backward(HIDDEN.activation(), buffers.hiddenZ, buffers.hiddenOut, buffers.hiddenGrad, hiddenZGrad);
                        DenseKernel.backward(features, hiddenW, hiddenZGrad, null, hiddenWGrad, hiddenBGrad);
                """), backward);
        // logits has no activation: its dL/d(output) is its dL/dz, and it gets no alias.
        assertTrue(backward.contains("DenseKernel.backward(buffers.hiddenOut, logitsW, buffers.logitsGrad, buffers.hiddenGrad, logitsWGrad,"),
                backward);
        assertFalse(backward.contains("logitsZGrad"), backward);
    }

    @Test
    void anAdditionWithAnActivationPassesDLdSumToBothInputs() throws IOException {
        String backward = backward(generate("Gated", residual("Gated",
                List.of("@Residual(repeat = 1, survival = 0.8, activation = Activation.RELU) Unit stage;"),
                "@Conv2d(filters = 4, kernel = 3, same = true, bias = false) Layer conv;")));
        assertTrue(backward.contains("INDArray stage_0_addSumGrad = buffers.stage_0_addGrad;  // the same array: the activation's backward"
                + " overwrites dL/d(output) with dL/d(sum)\n"), backward);
        assertTrue(backward.contains("Activations.backward(STAGE_0_ADD.activation(), buffers.stage_0_addSum, buffers.stage_0_addOut,"
                + " buffers.stage_0_addGrad, stage_0_addSumGrad);"), backward);
        // Both inputs get dL/d(sum), the branch's inside the stochastic-depth gate.
        assertTrue(backward.contains("buffers.stemGrad.assign(stage_0_addSumGrad);"), backward);
        assertTrue(backward.contains("if (stage_0_addOpen) {\n            buffers.stage_0_convGrad.assign(stage_0_addSumGrad);"), backward);
        assertFalse(backward.contains(".assign(buffers.stage_0_addGrad)"), backward);
    }

    @Test
    void aBlockMethodNamesTheAliasAfterTheBlocksLayerAndEveryUnitSharesIt() throws IOException {
        String source = generate("Stages", residual("Stages",
                List.of("@Residual(repeat = 2) Unit stage1;", "@Residual(repeat = 1, width = 2, stride = 2) Unit stage2;"),
                "@Conv2d(filters = 4, kernel = 3, same = true, activation = Activation.RELU) Layer conv;"));
        assertTrue(source.contains("""
                        // conv: @Conv2d(filters=4, kernel=3, same=true, activation=RELU) (Stages.java:12)  backward
                        INDArray convZGrad = buffers.convGrad;  // the same array: the activation's backward overwrites dL/d(output) with dL/dz
                        Activations.backward(unit.convSpec.activation(), buffers.convZ, buffers.convOut, buffers.convGrad, convZGrad);
                        Conv2dKernel.backward(layout, input, convZGrad, unit.conv, inputGradPart);
                """), source);
        assertEquals(3, source.split("unitBackward\\(stage", -1).length - 1, source);
    }
}
