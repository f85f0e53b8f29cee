package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaFileObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kotlin file written under kapt ({@code kapt.kotlin.generated}), compared with a reviewed golden
 * copy; samples compiles the Kotlin files of its kapt models with kotlinc and uses them. Update the
 * golden file with {@code -Dkiln.golden.update=true} after an intended change.
 */
class KotlinSourceTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/TinyMlpNetKt.kt");

    private static JavaFileObject tinyMlp(String... extra) {
        String[] body = {
                "/** Two dense layers, one without bias, and a dropout: parameters of two layers. */",
                "@Model(input = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "public class TinyMlp {",
                "  @Dense(units = 5, activation = Activation.RELU) Layer hidden;",
                "  @Dropout(rate = 0.25) Layer drop;",
                "  @Dense(units = 3, bias = false) Layer logits;"};
        String[] all = new String[body.length + extra.length + 1];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(extra, 0, all, body.length, extra.length);
        all[all.length - 1] = "}";
        return Models.source("TinyMlp", all);
    }

    @Test
    void underKaptEveryNetGetsTheReviewedKotlinFile(@TempDir Path kotlinOut) throws IOException {
        Compilation compilation = Models.compileWithOptions(List.of("-Akapt.kotlin.generated=" + kotlinOut), tinyMlp());
        assertThat(compilation).succeededWithoutWarnings();
        Path written = kotlinOut.resolve("test/TinyMlpNetKt.kt");
        String generated = Files.readString(written, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("kiln.golden.update")) {
            Files.writeString(GOLDEN, generated, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), generated);
        try (var files = Files.walk(kotlinOut)) {
            assertEquals(List.of(written), files.filter(Files::isRegularFile).toList(), "nothing but the Kotlin file");
        }
    }

    @Test
    void aCompanionObjectGetsNetFactoriesOnIt(@TempDir Path kotlinOut) throws IOException {
        // What kapt's stub of `companion object Factory` looks like to the processor.
        Compilation compilation = Models.compileWithOptions(List.of("-Akapt.kotlin.generated=" + kotlinOut),
                tinyMlp("  public static final Factory Factory = new Factory();", "  public static final class Factory {}"));
        assertThat(compilation).succeeded();
        String generated = Files.readString(kotlinOut.resolve("test/TinyMlpNetKt.kt"), StandardCharsets.UTF_8);
        assertTrue(generated.contains("public fun TinyMlp.Factory.net(seed: Long, dataType: DataType = DataType.FLOAT): TinyMlpNet"), generated);
        assertTrue(generated.contains("public fun TinyMlp.Factory.net(checkpoint: Path): TinyMlpNet = TinyMlpNet.load(checkpoint)"), generated);
    }

    @Test
    void withoutKaptNoKotlinIsWrittenAndTheJavaClassIsTheSame(@TempDir Path elsewhere) throws IOException {
        Compilation plain = Models.compile(tinyMlp());
        Compilation kapt = Models.compileWithOptions(List.of("-Akapt.kotlin.generated=" + elsewhere), tinyMlp());
        assertEquals(plain.generatedSourceFile("test.TinyMlpNet").orElseThrow().getCharContent(true).toString(),
                kapt.generatedSourceFile("test.TinyMlpNet").orElseThrow().getCharContent(true).toString());
        assertFalse(plain.generatedFiles().stream().anyMatch(f -> f.getName().endsWith(".kt")));
    }
}
