package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.JavaFileObject;
import java.io.IOException;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compile-time checks of the normalization layers, and the bias that batch norm makes redundant. */
class NormDiagnosticsTest {

    @Test
    void badEpsDecayAndGroups() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 8, activation = Activation.RELU) Layer hidden;",
                "  @BatchNorm(eps = 0) Layer bn;",
                "  @BatchNorm(decay = 1.0) Layer bn2;",
                "  @GroupNorm(groups = -2) Layer gn;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E020] layer 'bn' of model Bad: eps = 0 must be positive")
                .inFile(source).onLineContaining("eps = 0");
        assertThat(compilation).hadErrorContaining("[KILN-E020] layer 'bn2' of model Bad: decay = 1 must lie in [0, 1)")
                .inFile(source).onLineContaining("decay = 1.0");
        assertThat(compilation).hadErrorContaining("[KILN-E020] layer 'gn' of model Bad: groups = -2 must be positive, or 0 for min(32, channels)")
                .inFile(source).onLineContaining("groups = -2");
    }

    @Test
    void groupsThatDoNotDivideTheChannels() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 6, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @GroupNorm(groups = 4) Layer gn;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining(
                        "[KILN-E012] GroupNorm layer 'gn' splits 6 channels of [n,6] into 4 groups, which do not divide them (model Bad). "
                                + "Hint: choose groups among the divisors of 6, e.g. 3")
                .inFile(source).onLineContaining("groups = 4");
    }

    @Test
    void normalizationOfTheWrongRank() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 6, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @InstanceNorm Layer in;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E012] InstanceNorm layer 'in' normalizes [n,C,H,W] but gets [n,6]")
                .inFile(source).onLineContaining("@InstanceNorm");
    }

    @Test
    void biasRightBeforeBatchNormIsWarnedAndDropped() throws IOException {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 8) Layer hidden;",
                "  @BatchNorm Layer bn;",
                "  @ActivationLayer(Activation.RELU) Layer act;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadWarningContaining("[KILN-W010] layer 'hidden' of model Net has a bias right before batch norm 'bn', "
                        + "which subtracts the batch mean and so removes it; beta takes its place. Kiln drops the bias")
                .inFile(source).onLineContaining("Layer hidden");
        String generated = compilation.generatedSourceFile("test.NetNet").orElseThrow().getCharContent(true).toString();
        assertFalse(generated.matches("(?s).*\\bhiddenB\\b.*"), "the redundant bias is not generated");
        assertTrue(generated.contains("BatchNormFolding.foldDense(hiddenW, null, bn, hiddenWFolded, hiddenBFolded);"),
                "the inference snapshot folds bn into hidden");
    }

    @Test
    void suppressingTheWarningKeepsTheBias() throws IOException {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @SuppressWarnings(Lints.BIAS_BEFORE_NORM) @Dense(units = 8) Layer hidden;",
                "  @BatchNorm Layer bn;",
                "  @ActivationLayer(Activation.RELU) Layer act;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        String generated = compilation.generatedSourceFile("test.NetNet").orElseThrow().getCharContent(true).toString();
        assertTrue(generated.contains("public final INDArray hiddenB;"), "the user insisted on the bias");
    }
}
