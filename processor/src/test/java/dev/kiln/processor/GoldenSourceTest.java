package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.JavaFileObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generated source of one small model, compared with a reviewed golden copy. After an
 * intended change to generated code, run with {@code -Dkiln.golden.update=true}, read the diff of
 * the golden file, and commit it.
 */
class GoldenSourceTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/TinyMlpNet.java");

    @Test
    void tinyMlpGeneratesTheReviewedSource() throws IOException {
        JavaFileObject source = Models.source("TinyMlp",
                "/** Two hidden layers, dropout and a standalone activation: every emitter appears once. */",
                "@Model(input = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "public class TinyMlp {",
                "  @Dense(units = 5, activation = Activation.LEAKY_RELU, activationParameter = 0.2) Layer hidden1;",
                "  @Dropout(rate = 0.25) Layer drop;",
                "  @Dense(units = 4, bias = false, weightInit = @Init(scheme = Scheme.XAVIER_UNIFORM)) Layer hidden2;",
                "  @ActivationLayer(Activation.TANH) Layer squash;",
                "  @Dense(units = 3, weightInit = @Init(scheme = Scheme.NORMAL, std = 0.01)) Layer logits;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        String generated = compilation.generatedSourceFile("test.TinyMlpNet").orElseThrow()
                .getCharContent(true).toString();
        if (Boolean.getBoolean("kiln.golden.update")) {
            Files.writeString(GOLDEN, generated, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), generated);
    }
}
