package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Models too large for one JVM class: refused with KILN-E030 at the attribute that makes them so,
 * before expansion (which used to take minutes for {@code repeat = 65536}) and without a second error.
 */
class ModelSizeTest {

    private static JavaFileObject residualMlp(String repeat) {
        return Models.source("Huge",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Huge {",
                "  @Residual(" + repeat + ") Unit stage;",
                "  @Dense(units = 1) Layer out;",
                "  static class Unit { @Dense(units = 8) Layer fc; }",
                "}");
    }

    private static void assertOnlyError(Compilation compilation) {
        assertEquals(1, compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).count(),
                () -> compilation.diagnostics().toString());
    }

    @Test
    void aResidualStageOf65536UnitsIsRefusedAtItsRepeat() {
        JavaFileObject source = residualMlp("repeat = 65536");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E030] model Huge is too large for one generated class: 'stage' (repeat = 65,536) "
                        + "expands to at least 131,072 layers and the model to at least 131,073; a JVM class holds at most 65,535 "
                        + "constant-pool entries and each layer takes at least 3, so at most 21,845 layers. "
                        + "Hint: use fewer units, or split the network into several models")
                .inFile(source).onLineContaining("@Residual(repeat = 65536)");
        assertOnlyError(compilation);
    }

    @Test
    void aDenseBlockOf40000UnitsIsRefusedAtItsRepeat() {
        JavaFileObject source = Models.source("Wide",
                "@Model(input = {4, 4, 4}, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Wide {",
                "  @DenseBlock(repeat = 40000) Unit block;",
                "  @GlobalAvgPool Layer gap;",
                "  @Dense(units = 1) Layer out;",
                "  static class Unit {",
                "    @BatchNorm Layer bn;",
                "    @Conv2d(filters = 2, kernel = 3, same = true, bias = false) Layer conv;",
                "  }",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("'block' (repeat = 40,000) expands to at least 120,000 layers")
                .inFile(source).onLineContaining("@DenseBlock(repeat = 40000)");
        assertOnlyError(compilation);
    }

    @Test
    void theLargestRepeatIsCountedWithoutOverflow() {
        JavaFileObject source = residualMlp("repeat = Integer.MAX_VALUE");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("'stage' (repeat = 2,147,483,647) expands to at least 4,294,967,294 layers")
                .inFile(source).onLineContaining("repeat = Integer.MAX_VALUE");
        assertOnlyError(compilation);
    }
}
