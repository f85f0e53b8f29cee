package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.io.IOException;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @PRelu} and {@code @Maxout}: their compile-time checks and the code they generate. */
class LearnedActivationLayersTest {

    @Test
    void preluSlopesOutsideZeroToOne() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 8) Layer hidden;",
                "  @PRelu(init = 1.5) Layer act;",
                "  @Dense(units = 8) Layer hidden2;",
                "  @PRelu(shared = true, init = -0.25) Layer act2;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E024] layer 'act' of model Bad: PReLU init = 1.5 must lie in [0, 1); "
                        + "a slope of 1 or more is not a ReLU. Hint: use 0.25, the start He et al. use")
                .inFile(source).onLineContaining("init = 1.5");
        assertThat(compilation).hadErrorContaining("[KILN-E024] layer 'act2' of model Bad: PReLU init = -0.25 must lie in [0, 1)")
                .inFile(source).onLineContaining("init = -0.25");
        assertEquals(2, compilation.errors().size(), compilation.errors().toString());
    }

    @Test
    void maxoutOfFewerThanTwoPieces() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 8) Layer hidden;",
                "  @Maxout(pieces = 1) Layer max;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E025] layer 'max' of model Bad: Maxout pieces = 1 must be at least 2; "
                        + "one piece would pass its input on unchanged. Hint: use pieces = 2, the usual choice, or more")
                .inFile(source).onLineContaining("pieces = 1");
        assertEquals(1, compilation.errors().size(), compilation.errors().toString());
    }

    @Test
    void maxoutPiecesThatDoNotDivideTheChannels() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {1, 8, 8}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Bad {",
                "  @Conv2d(filters = 10, kernel = 3) Layer conv;",
                "  @Maxout(pieces = 3) Layer max;",
                "  @Flatten Layer flat;",
                "  @Dense(units = 2) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E012] Maxout layer 'max' takes the maximum of groups of 3 channels, "
                        + "but its input [n,10,6,6] has 10, which 3 does not divide (model Bad). Hint: give the layer before it a multiple "
                        + "of 3 units or filters, e.g. 9 or 12, or choose pieces among the divisors of 10")
                .inFile(source).onLineContaining("pieces = 3");
    }

    @Test
    void aLinearLayerBeforePreluIsInitializedForItsStartingSlope() throws IOException {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 8) Layer hidden;",
                "  @PRelu Layer act;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeeded();
        // A PReLU is a nonlinearity: the two Dense layers do not collapse into one (no KILN-W002).
        assertTrue(compilation.diagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.WARNING),
                compilation.diagnostics().toString());
        String generated = generated(compilation, "test.NetNet");
        double gain = Math.sqrt(2 / (1 + 0.25 * 0.25));
        assertTrue(generated.contains("InitSpec.of(Scheme.KAIMING_NORMAL).withGain(" + gain + ")"), generated);
        assertTrue(generated.contains("new Parameter(\"act\", \"alpha\", Parameter.Kind.SLOPE, actAlpha, actAlphaGrad)"), generated);
        assertTrue(generated.contains("actAlpha = Initializers.forParameter(\"Net\", \"act.alpha\", InitSpec.constant(0.25), new long[] {8}"),
                generated);
        assertTrue(generated.contains("PReluKernel.forward(buffers.hiddenOut, actAlpha, buffers.actOut);"), generated);
        assertTrue(generated.contains("PReluKernel.backward(buffers.hiddenOut, actAlpha, buffers.actGrad, buffers.hiddenGrad, actAlphaGrad);"), generated);
    }

    @Test
    void preluAndMaxoutBetweenConvolutionsKeepTheConvolutionLayout() throws IOException {
        JavaFileObject source = Models.source("Net",
                "@Model(input = {1, 8, 8}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Net {",
                "  @Conv2d(filters = 4, kernel = 3, same = true) Layer conv1;",
                "  @PRelu Layer act1;",
                "  @Conv2d(filters = 8, kernel = 3, same = true) Layer conv2;",
                "  @Maxout Layer max2;",
                "  @Conv2d(filters = 4, kernel = 3, same = true) Layer conv3;",
                "  @Flatten Layer flat;",
                "  @Dense(units = 2) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeeded();
        String generated = generated(compilation, "test.NetNet");
        assertTrue(generated.contains("PReluKernel.forward(layout, buffers.conv1OutLayout, act1Alpha, buffers.act1Out);"), generated);
        assertTrue(generated.contains("MaxoutKernel.forward(layout, buffers.conv2Out, MAX2.pieces(), buffers.max2Out);"), generated);
        assertTrue(generated.contains("MaxoutKernel.backward(layout, buffers.conv2Out, MAX2.pieces(), buffers.max2Grad, buffers.conv2Grad);"), generated);
        assertTrue(generated.contains("PReluKernel.backward(layout, buffers.conv1OutLayout, act1Alpha, buffers.act1Grad, buffers.conv1GradLayout, act1AlphaGrad);"),
                generated);
        assertTrue(generated.contains("max2Out = layout.create(dataType, n, 4, 8, 8);"), generated);
    }

    private static String generated(Compilation compilation, String name) throws IOException {
        return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
    }
}
