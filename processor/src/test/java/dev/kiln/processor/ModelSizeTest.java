package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.List;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Models too large for one JVM class: refused with KILN-E030 at the attribute that makes them so,
 * without a second error: before expansion (which used to take minutes for {@code repeat = 65536})
 * when the stages repeat into more layers than any class holds, and after planning when the
 * estimated constant pool or constructor is over the JVM's limit. The models just under these limits
 * compile ({@link SplitModelsTest} runs such models).
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

    @Test
    void aStageWhoseFieldsOverflowTheConstantPoolIsRefusedAtItsRepeatWithHowManyUnitsFit() {
        JavaFileObject source = residualMlp("repeat = 1600");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E030] model Huge is too large for one generated class: its 3,201 layers need "
                        + "about 69,152 constant-pool entries in HugeNet, more than the 65,535 a JVM class allows; 'stage' (1,600 units) "
                        + "takes 67,197 of them. Hint: about 1,513 units of 'stage' fit")
                .inFile(source).onLineContaining("@Residual(repeat = 1600)");
        assertOnlyError(compilation);
    }

    @Test
    void aChainOfLayersTooManyForTheConstructorIsRefusedAtTheModel() {
        List<String> lines = new ArrayList<>(List.of("@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)", "class Long {"));
        for (int i = 0; i < 1700; i++) {
            lines.add("  @Dense(units = 8, activation = Activation.RELU) Layer fc" + i + ";");
        }
        lines.add("  @Dense(units = 1) Layer out;");
        lines.add("}");
        JavaFileObject source = Models.source("Long", lines.toArray(String[]::new));
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E030] model Long is too large for one generated class: its 1,701 layers need "
                        + "about 69,480 bytes of code in the constructor of LongNet, which assigns every parameter, gradient and state "
                        + "field, more than the 65,535 a JVM method allows. Hint: declare fewer layers, or split the network into several models")
                .inFile(source).onLineContaining("@Model(input = 8");
        assertOnlyError(compilation);
    }

    /** A unit with stochastic depth is not split (its gate brackets the branch), so its code must fit one method. */
    @Test
    void aStochasticUnitTooLargeForOneMethodIsRefusedAtItsStage() {
        List<String> lines = new ArrayList<>(List.of("@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)", "class Tall {",
                "  @Residual(survival = 0.5) Unit stage;", "  @Dense(units = 1) Layer out;", "  static class Unit {"));
        for (int i = 0; i < 600; i++) {
            lines.add("    @Dense(units = 8, bias = false) Layer fc" + i + ";");
        }
        lines.add("  }");
        lines.add("}");
        JavaFileObject source = Models.source("Tall", lines.toArray(String[]::new));
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E030] model Tall is too large for one generated class: stage, unit 0 "
                        + "(Tall.java:5) is one unit with stochastic depth, whose code is not split, and the code for its spec constants "
                        + "alone is about 78,075 bytes, more than the 65,535 of one JVM method. Hint: declare fewer layers in the block, "
                        + "or give up stochastic depth on it")
                .inFile(source).onLineContaining("@Residual(survival = 0.5)");
        assertOnlyError(compilation);
    }
}
