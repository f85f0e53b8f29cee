package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.util.List;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every pitfall warning at its line, and its suppression key. Models with warnings still compile. */
class WarningDiagnosticsTest {

    private static long kilnWarnings(Compilation compilation) {
        return compilation.diagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.WARNING && d.getMessage(null).startsWith("[KILN-W"))
                .count();
    }

    @Test
    void xavierBeforeReluSuggestsKaiming() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.XAVIER_NORMAL)) Layer hidden;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[KILN-W001] layer 'hidden' of model Net initializes weights with XAVIER_NORMAL before relu; "
                        + "ReLU-like units zero about half their inputs, so with a 1/fan variance the second moment of the signal halves at every layer. "
                        + "Hint: use Scheme.KAIMING_NORMAL (gain 1.4142 for relu)")
                .inFile(source).onLineContaining("Scheme.XAVIER_NORMAL");
    }

    @Test
    void lecunBeforeALaterReluLayerCountsToo() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 4, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer hidden;",
                "  @Dropout(rate = 0.1) Layer drop;",
                "  @ActivationLayer(Activation.RELU) Layer act;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadWarningContaining("[KILN-W001] layer 'hidden' of model Net initializes weights with LECUN_NORMAL before relu")
                .inFile(source).onLineContaining("Scheme.LECUN_NORMAL");
    }

    @Test
    void kaimingBeforeTanhSuggestsXavier() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 4, activation = Activation.TANH,",
                "         weightInit = @Init(scheme = Scheme.KAIMING_UNIFORM)) Layer hidden;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadWarningContaining("[KILN-W001] layer 'hidden' of model Net initializes weights with KAIMING_UNIFORM before tanh; "
                        + "the Kaiming variance is twice what tanh needs, which drives units into saturation. Hint: use Scheme.XAVIER_NORMAL")
                .inFile(source).onLineContaining("Scheme.KAIMING_UNIFORM");
    }

    @Test
    void twoDenseLayersWithoutNonlinearityCollapse() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 4) Layer first;",
                "  @Dropout(rate = 0.5) Layer drop;",
                "  @Dense(units = 2) Layer second;",
                "}");
        assertThat(Models.compile(source)).hadWarningContaining("[KILN-W002] layers 'first' and 'second' of model Net have no nonlinearity between them, "
                        + "so they collapse into one linear map [n,8] -> [n,2]")
                .inFile(source).onLineContaining("Layer first");
    }

    @Test
    void saturatingActivationsInADeepStack() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 8, activation = Activation.TANH) Layer h1;",
                "  @Dense(units = 8, activation = Activation.RELU) Layer h2;",
                "  @Dense(units = 8, activation = Activation.RELU) Layer h3;",
                "  @Dense(units = 8, activation = Activation.RELU) Layer h4;",
                "  @Dense(units = 8, activation = Activation.SIGMOID) Layer h5;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadWarningContaining("[KILN-W003] layer 'h1' of model Net uses tanh in a stack of 5 hidden layers; 2 of them saturate")
                .inFile(source).onLineContaining("Layer h1");
        assertThat(compilation).hadWarningContaining("[KILN-W003] layer 'h5' of model Net uses sigmoid in a stack of 5 hidden layers")
                .inFile(source).onLineContaining("Layer h5");
    }

    @Test
    void fourSaturatingHiddenLayersAreNotDeep() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 8, activation = Activation.TANH) Layer h1;",
                "  @Dense(units = 8, activation = Activation.TANH) Layer h2;",
                "  @Dense(units = 8, activation = Activation.TANH) Layer h3;",
                "  @Dense(units = 8, activation = Activation.TANH) Layer h4;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeeded();
        assertEquals(0, kilnWarnings(compilation), compilation.diagnostics().toString());
    }

    @Test
    void tinyFixedStdInAHiddenLayer() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 100, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @Dense(units = 100, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.NORMAL, std = 1e-4)) Layer hidden;",
                "  @Dense(units = 1, weightInit = @Init(scheme = Scheme.NORMAL, std = 0.01)) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadWarningContaining("[KILN-W005] layer 'hidden' of model Net draws weights with std 1.0E-4: "
                        + "fanIn * std^2 / gain^2 = 0 is outside [0.25, 4], so the signal shrinks by that factor per layer. Hint: use std = 0.1414")
                .inFile(source).onLineContaining("std = 1e-4");
        assertEquals(1, kilnWarnings(compilation), "a small std on the output layer is common practice and not flagged");
    }

    @Test
    void everyWarningIsSuppressibleOnTheField() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Net {",
                "  @SuppressWarnings(Lints.INIT_ACTIVATION)",
                "  @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.XAVIER_UNIFORM)) Layer h1;",
                "  @SuppressWarnings({Lints.DEEP_SATURATING, Lints.CONSTANT_INIT})",
                "  @Dense(units = 8, activation = Activation.TANH, weightInit = @Init(scheme = Scheme.CONSTANT, value = 1)) Layer h2;",
                "  @SuppressWarnings(Lints.DEEP_SATURATING) @Dense(units = 8, activation = Activation.SIGMOID) Layer h3;",
                "  @SuppressWarnings(Lints.DEEP_SATURATING) @Dense(units = 8, activation = Activation.TANH) Layer h4;",
                "  @SuppressWarnings({Lints.DEEP_SATURATING, Lints.LINEAR_COLLAPSE})",
                "  @Dense(units = 8, activation = Activation.IDENTITY) @SuppressWarnings(\"unused\") Layer h5;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertEquals(0, kilnWarnings(compilation), compilation.diagnostics().toString());
    }

    @Test
    void summaryNoteOnRequest() {
        JavaFileObject source = Models.source("Net",
                "@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Net {",
                "  @Dense(units = 256, activation = Activation.RELU) Layer fc1;",
                "  @Dense(units = 10) Layer logits;",
                "}");
        Compilation compilation = Models.compileWithOptions(List.of("-Akiln.summary=true"), source);
        assertThat(compilation).succeeded();
        // The model's name, input and loss on the note's first line, the table on lines of its own (javac indents them).
        assertThat(compilation).hadNoteContaining("[KILN-N001] model Net: input [n,784], loss softmax cross-entropy (from logits)\n  layer ")
                .inFile(source).onLineContaining("class Net {");
        assertThat(compilation).hadNoteContaining("fc1     Dense 784 -> 256, relu  [n,256]  200,960    200,960").inFile(source);
        assertThat(compilation).hadNoteContaining("total                                    203,530    203,530");
    }
}
