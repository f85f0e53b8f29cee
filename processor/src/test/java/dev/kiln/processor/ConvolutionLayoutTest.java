package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which layers the planner puts in the convolution layout and where it converts, read off the
 * generated source. (The generated models' numbers in both layouts are checked by the samples'
 * gradient checks, run with {@code -Dkiln.conv.layout=nhwc}, and the bench.)
 */
class ConvolutionLayoutTest {

    private static String generate(String name, String... body) throws IOException {
        Compilation compilation = Models.compile(Models.source(name, body));
        assertThat(compilation).succeededWithoutWarnings();
        return compilation.generatedSourceFile("test." + name + "Net").orElseThrow().getCharContent(true).toString();
    }

    private static void assertContains(String source, String... statements) {
        for (String statement : statements) {
            assertTrue(source.contains(statement), () -> "missing: " + statement + "\n" + source);
        }
    }

    @Test
    void aChainFromReshapeToFlattenConvertsOnlyAtItsEnds() throws IOException {
        String source = generate("Chain",
                "@Model(input = 36, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Chain {",
                "  @Reshape({1, 6, 6}) Layer image;",
                "  @Conv2d(filters = 4, kernel = 3, same = true, bias = false) Layer conv;",
                "  @BatchNorm Layer bn;",
                "  @ActivationLayer(Activation.RELU) Layer relu;",
                "  @MaxPool2d(kernel = 2) Layer pool;",
                "  @Flatten Layer flat;",
                "  @Dense(units = 3) Layer logits;",
                "}");
        assertContains(source,
                "this.layout = FeatureLayout.forConvolutions(dataType);",
                "imageOutLayout = layout.entryBuffer(imageOut);",
                "convOut = layout.create(dataType, n, 4, 6, 6);",
                "poolGrad = layout.create(dataType, n, 4, 3, 3);",
                "imageOut = Nd4j.create(dataType, n, 1, 6, 6);",
                "flatOut = Nd4j.create(dataType, n, 36);",
                // forward: in once, out through a view (a flatten copies anyway)
                "layout.fromNchw(buffers.imageOut, buffers.imageOutLayout);",
                "conv = new Conv2dLayer(convW, null, convWGrad, null, CONV_GEOMETRY, CONV.activation());",
                "Conv2dKernel.forward(layout, buffers.imageOutLayout, conv, buffers.convOut);",
                "BatchNormKernel.forwardInference(layout, buffers.convOut, bn, buffers.bnOut);",
                // the inference snapshot folds bn into conv, writing bn's output buffer in the layout
                "convFolded = Conv2dLayer.of(convWFolded, convBFolded, CONV_GEOMETRY);",
                "BatchNormFolding.foldConv(conv, bn, convFolded);",
                "Conv2dKernel.forward(layout, buffers.imageOutLayout, convFolded, buffers.bnOut);",
                "MaxPool2dKernel.forward(layout, buffers.reluOut, POOL_GEOMETRY, buffers.poolOut);",
                "ReshapeKernel.forward(layout.nchw(buffers.poolOut), buffers.flatOut);",
                "inputCheck.batchStatistics(\"bn\", buffers.convOut, layout);",
                "BatchNormKernel.forwardTraining(layout, buffers.convOut, bn, buffers.bn);",
                "BatchNormKernel.updateRunning(layout, buffers.convOut, bn);",
                // backward: the flatten writes the chain's gradient through the view; the first conv needs no dx
                "ReshapeKernel.backward(buffers.flatGrad, layout.nchw(buffers.poolGrad));",
                "BatchNormKernel.backward(layout, buffers.bnGrad, bn, buffers.bn,",
                "Conv2dKernel.backward(layout, buffers.imageOutLayout, buffers.convGrad, conv, null);",
                // layer-wise init sees NCHW
                "return layout.nchw(buffers.convOut);");
        assertFalse(source.contains("layout.toNchw"), source);
    }

    @Test
    void groupedAndDilatedConvolutionsStayNchwWithConversionsAround() throws IOException {
        String source = generate("Mixed",
                "@Model(input = 72, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Mixed {",
                "  @Reshape({2, 6, 6}) Layer image;",
                "  @Conv2d(filters = 4, kernel = 3, same = true, groups = 2) Layer grouped;",
                "  @Conv2d(filters = 4, kernel = 3, same = true, activation = Activation.TANH) Layer plain;",
                "  @Conv2d(filters = 4, kernel = 3, same = true, dilation = 2) Layer dilated;",
                "  @GlobalAvgPool Layer gap;",
                "  @Dense(units = 3) Layer logits;",
                "}");
        assertContains(source,
                "Conv2dKernel.forward(buffers.imageOut, grouped, buffers.groupedOut);",
                "layout.fromNchw(buffers.groupedOut, buffers.groupedOutLayout);",
                "plain = new Conv2dLayer(plainW, plainB, plainWGrad, plainBGrad, PLAIN_GEOMETRY, PLAIN.activation());",
                "Conv2dKernel.forward(layout, buffers.groupedOutLayout, plain, buffers.plainZ, buffers.plainOut);",
                "layout.toNchw(buffers.plainOut, buffers.plainOutNchw);",
                "Conv2dKernel.forward(buffers.plainOutNchw, dilated, buffers.dilatedOut);",
                // backward: the dilated conv writes NCHW, converted into the chain's gradient; the chain's dx goes back out
                "Conv2dKernel.backward(buffers.plainOutNchw, buffers.dilatedGrad, dilated, buffers.plainGradNchw);",
                "layout.fromNchw(buffers.plainGradNchw, buffers.plainGrad);",
                "INDArray plainZGrad = buffers.plainGrad;",
                "Conv2dKernel.backward(layout, buffers.groupedOutLayout, plainZGrad, plain, buffers.groupedGradLayout);",
                "layout.toNchw(buffers.groupedGradLayout, buffers.groupedGrad);",
                "plainOutNchw = layout.exitBuffer(plainOut);",
                "groupedGradLayout = layout.entryBuffer(groupedGrad);");
    }

    @Test
    void noLayoutWithoutAConvolutionThatCanTakeIt() throws IOException {
        // The first conv reads the caller's input and stays NCHW; what follows has no convolution.
        String source = generate("InputConv",
                "@Model(input = {3, 8, 8}, loss = Loss.MEAN_SQUARED_ERROR)",
                "class InputConv {",
                "  @Conv2d(filters = 4, kernel = 3, bias = false) Layer conv;",
                "  @BatchNorm Layer bn;",
                "  @ActivationLayer(Activation.RELU) Layer relu;",
                "  @MaxPool2d(kernel = 2) Layer pool;",
                "  @Flatten Layer flat;",
                "  @Dense(units = 2) Layer out;",
                "}");
        for (String absent : List.of("FeatureLayout", "layout")) {
            assertFalse(source.contains(absent), () -> absent + " in\n" + source);
        }
    }

    @Test
    void aDropoutOnTheInputKeepsTheLayerAfterItNchw() throws IOException {
        // At inference the dropout passes the caller's array on: the conv after it reads that array.
        String source = generate("InputDropout",
                "@Model(input = {2, 6, 6}, loss = Loss.MEAN_SQUARED_ERROR)",
                "class InputDropout {",
                "  @Dropout(rate = 0.1) Layer drop;",
                "  @Conv2d(filters = 3, kernel = 3, same = true, activation = Activation.RELU) Layer conv1;",
                "  @Conv2d(filters = 3, kernel = 3, same = true, activation = Activation.RELU) Layer conv2;",
                "  @Flatten Layer flat;",
                "  @Dense(units = 2) Layer out;",
                "}");
        assertContains(source,
                "Conv2dKernel.forward(features, conv1, buffers.conv1Z, buffers.conv1Out);",
                "layout.fromNchw(buffers.conv1Out, buffers.conv1OutLayout);",
                "Conv2dKernel.forward(layout, buffers.conv1OutLayout, conv2,");
    }

    @Test
    void residualUnitsStayInTheLayoutThroughTheirAdditions() throws IOException {
        String source = generate("ResidualChain",
                "@Model(input = 32, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class ResidualChain {",
                "  @Reshape({2, 4, 4}) Layer image;",
                "  @Conv2d(filters = 4, kernel = 3, same = true, activation = Activation.RELU) Layer stem;",
                "  @Residual(activation = Activation.RELU) Unit unit;",
                "  @GlobalAvgPool Layer gap;",
                "  @Dense(units = 3) Layer logits;",
                "  static class Unit {",
                "    @Conv2d(filters = 4, kernel = 3, same = true, bias = false) Layer conv;",
                "    @BatchNorm Layer bn;",
                "  }",
                "}");
        assertContains(source,
                "unit_0_addOut = layout.create(dataType, n, 4, 4, 4);",
                "ResidualKernel.add(buffers.stemOut, buffers.unit_0_bnOut, buffers.unit_0_addSum);",
                "layout.toNchw(buffers.unit_0_addOut, buffers.unit_0_addOutNchw);",
                "GlobalAvgPoolKernel.forward(buffers.unit_0_addOutNchw, buffers.gapOut);",
                "GlobalAvgPoolKernel.backward(buffers.gapGrad, buffers.unit_0_addGradNchw);",
                "layout.fromNchw(buffers.unit_0_addGradNchw, buffers.unit_0_addGrad);");
    }
}
