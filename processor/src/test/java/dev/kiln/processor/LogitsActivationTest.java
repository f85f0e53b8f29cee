package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.google.testing.compile.CompilationSubject.assertThat;

/**
 * KILN-W012: the losses computed from logits apply softmax or the sigmoid themselves, so an
 * activation on the output, wherever it sits (the last layer's own, a standalone activation layer,
 * before dropout or pooling), is warned about at that activation; suppressible like every lint.
 */
class LogitsActivationTest {
    private static final List<String> ACTIVATIONS = List.of("SIGMOID", "TANH", "RELU", "GELU");

    /** A model ending in the activation, the line to find it on, and the layer that applies it. */
    private record Ending(String input, List<String> lines, String marker, String layer) {
    }

    private static List<Ending> endings(String activation, int units) {
        return List.of(
                new Ending("8", List.of("  @Dense(units = " + units + ",", "      activation = Activation." + activation + ") Layer scores;"),
                        "activation = Activation." + activation, "scores"),
                new Ending("8", List.of("  @Dense(units = " + units + ") Layer linear;", "  @ActivationLayer(Activation." + activation
                        + ") Layer squash;", "  @Dropout(rate = 0.1) Layer drop;"), "@ActivationLayer", "squash"),
                new Ending("{2, 4, 4}", List.of("  @Conv2d(filters = " + units + ", kernel = 3,", "      activation = Activation." + activation
                        + ") Layer maps;", "  @GlobalAvgPool Layer gap;"), "activation = Activation." + activation, "maps"));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String loss : List.of("SOFTMAX_CROSS_ENTROPY", "BINARY_CROSS_ENTROPY")) {
            for (String activation : ACTIVATIONS) {
                for (Ending ending : endings(activation, 3)) {
                    cases.add(Arguments.of(loss, activation, ending));
                }
            }
        }
        return cases.stream();
    }

    private static JavaFileObject model(String loss, Ending ending, String... extra) {
        List<String> lines = new ArrayList<>(List.of("@Model(input = " + ending.input() + ", loss = Loss." + loss + ")"));
        lines.addAll(List.of(extra));
        lines.add("class Scorer {");
        lines.addAll(ending.lines());
        lines.add("}");
        return Models.source("Scorer", lines.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} after {1} ({2})")
    @MethodSource("cases")
    void anActivationOnTheOutputOfALogitsLoss(String loss, String activation, Ending ending) {
        JavaFileObject source = model(loss, ending);
        String function = loss.equals("SOFTMAX_CROSS_ENTROPY") ? "softmax" : "sigmoid";
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[KILN-W012] layer '" + ending.layer() + "' of model Scorer applies "
                        + activation.toLowerCase(java.util.Locale.ROOT) + " to the output, but loss " + loss + " works on logits (raw scores) "
                        + "and applies " + function + " itself, so the scores it reads are squashed before it. Hint: make the output layer "
                        + "linear (identity) and apply " + function + " to forward's output")
                .inFile(source).onLineContaining(ending.marker());
    }

    @Test
    void suppressedOnTheFieldOrTheModel() {
        Ending dense = endings("SIGMOID", 1).get(0);
        assertThat(Models.compile(model("BINARY_CROSS_ENTROPY", dense, "@SuppressWarnings(Lints.LOGITS_ACTIVATION)")))
                .succeededWithoutWarnings();
        Ending standalone = new Ending("8", List.of("  @Dense(units = 2) Layer linear;",
                "  @SuppressWarnings(Lints.LOGITS_ACTIVATION) @ActivationLayer(Activation.TANH) Layer squash;"), "", "squash");
        assertThat(Models.compile(model("SOFTMAX_CROSS_ENTROPY", standalone))).succeededWithoutWarnings();
    }

    @Test
    void linearOutputsAndLossesOnTheOutputAsItIsAreFine() {
        Ending linear = new Ending("8", List.of("  @Dense(units = 4, activation = Activation.RELU) Layer hidden;", "  @Dense(units = 3) Layer logits;"),
                "", "logits");
        assertThat(Models.compile(model("SOFTMAX_CROSS_ENTROPY", linear))).succeededWithoutWarnings();
        Ending normalized = new Ending("8", List.of("  @Dense(units = 3, activation = Activation.RELU) Layer hidden;", "  @LayerNorm Layer norm;"),
                "", "norm");
        assertThat(Models.compile(model("SOFTMAX_CROSS_ENTROPY", normalized))).succeededWithoutWarnings();
        for (String loss : List.of("MEAN_SQUARED_ERROR", "MULTICLASS_HINGE")) {
            assertThat(Models.compile(model(loss, endings("SIGMOID", 3).get(0)))).succeededWithoutWarnings();
        }
    }
}
