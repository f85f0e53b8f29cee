package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every compile-time error: id, text, file and line; and no generated class for a bad model. */
class ErrorDiagnosticsTest {

    @Test
    void inputShapeWithNonPositiveDimension() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {28, 0}, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[KILN-E001] model Bad has input shape [28, 0]: every dimension must be positive")
                .inFile(source).onLineContaining("input = {28, 0}");
        assertThat(compilation).hadErrorContaining("Hint: give the shape of one example");
    }

    @Test
    void emptyInputShape() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {}, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E001] model Bad has input shape []")
                .inFile(source).onLineContaining("input = {}");
    }

    @Test
    void nonPositiveUnits() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4, activation = Activation.RELU) Layer hidden;",
                "  @Dense(",
                "      units = 0) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E002] layer 'out' of model Bad has units = 0; a layer needs at least one unit. Hint: give the number of output units")
                .inFile(source).onLineContaining("units = 0");
    }

    @Test
    void dropoutRateOutsideUnitInterval() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4, activation = Activation.RELU) Layer hidden;",
                "  @Dropout(rate = 1.0) Layer drop;",
                "  @Dropout(rate = -0.1) Layer drop2;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E003] layer 'drop' of model Bad has dropout rate 1; the rate is a drop probability in [0, 1)")
                .inFile(source).onLineContaining("rate = 1.0");
        assertThat(compilation).hadErrorContaining("[KILN-E003] layer 'drop2' of model Bad has dropout rate -0.1")
                .inFile(source).onLineContaining("rate = -0.1");
    }

    @Test
    void softmaxCrossEntropyOnOneUnit() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8,",
                "       loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Bad {",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining(
                        "[KILN-E004] loss SOFTMAX_CROSS_ENTROPY of model Bad needs at least 2 output units but output layer 'out' gives [n,1]. "
                                + "Hint: for two classes use BINARY_CROSS_ENTROPY with one unit")
                .inFile(source).onLineContaining("loss = Loss.SOFTMAX_CROSS_ENTROPY");
    }

    @Test
    void modelWithoutLayers() {
        JavaFileObject source = Models.source("Empty",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Empty {",
                "  int notALayer;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E005] model Empty declares no layers")
                .inFile(source).onLineContaining("@Model");
    }

    @Test
    void duplicateLayerNameThroughInheritance() {
        JavaFileObject base = Models.source("Base",
                "class Base {",
                "  @Dense(units = 4, activation = Activation.RELU) Layer hidden;",
                "}");
        JavaFileObject source = Models.source("Derived",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Derived extends Base {",
                "  @Dense(units = 4, activation = Activation.TANH) Layer hidden;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(base, source))
                .hadErrorContaining("[KILN-E006] model Derived declares layer 'hidden' twice: once in Base and again in Derived")
                .inFile(source).onLineContaining("Activation.TANH");
    }

    @Test
    void layerNamesWhoseGeneratedMembersCollide() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4, activation = Activation.RELU) Layer fc;",
                "  @Dense(units = 4, activation = Activation.RELU) Layer FC;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source))
                .hadErrorContaining("[KILN-E006] model Bad declares layer 'FC' twice: its generated member 'FC' is already taken by layer 'fc'")
                .inFile(source).onLineContaining("Layer FC;");
    }

    @Test
    void modelOnInterfaceEnumAndInnerClass() {
        JavaFileObject onInterface = Models.source("Iface",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "interface Iface {}");
        assertThat(Models.compile(onInterface)).hadErrorContaining("[KILN-E007] @Model is on interface test.Iface; a model must be a class")
                .inFile(onInterface).onLineContaining("@Model");
        JavaFileObject onEnum = Models.source("Kind",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "enum Kind { A }");
        assertThat(Models.compile(onEnum)).hadErrorContaining("[KILN-E007] @Model is on enum test.Kind")
                .inFile(onEnum).onLineContaining("@Model");
        JavaFileObject inner = Models.source("Outer",
                "class Outer {",
                "  @Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "  class Inner { @Dense(units = 1) Layer out; }",
                "}");
        assertThat(Models.compile(inner))
                .hadErrorContaining("[KILN-E007] @Model is on non-static inner class test.Outer.Inner; a model must be a class, top-level or static nested. Hint: make it a static nested class")
                .inFile(inner).onLineContaining("@Model");
    }

    /** javac hands no annotation inside a method body to a processor: a local model gets no message and no class. */
    @Test
    void modelOnALocalClassIsNeverSeenByTheProcessor() {
        JavaFileObject quiet = Models.source("Outer",
                "class Outer {",
                "  void build() {",
                "    @Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "    class Local { @Dense(units = 0) Layer out; }",
                "  }",
                "}");
        Compilation compilation = Models.compile(quiet);
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(List.of(), compilation.generatedSourceFiles());
        JavaFileObject used = Models.source("Outer",
                "class Outer {",
                "  Object build() {",
                "    @Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "    class Local { @Dense(units = 1) Layer out; }",
                "    return new LocalNet(1);",
                "  }",
                "}");
        Compilation using = Models.compile(used);
        assertThat(using).hadErrorContaining("cannot find symbol").inFile(used).onLineContaining("new LocalNet(1)");
        assertEquals(1, using.errors().size(), using.errors().toString());
    }

    @Test
    void annotatedFieldThatIsNotALayer() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4) int wrongType;",
                "  Layer unannotated;",
                "  @Dense(units = 1) static Layer shared;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E008] field 'wrongType' of model Bad is annotated @Dense but has type int; layer fields have type dev.kiln.dsl.Layer")
                .inFile(source).onLineContaining("int wrongType");
        assertThat(compilation).hadErrorContaining("[KILN-E008] field 'unannotated' of model Bad has type Layer but no layer annotation")
                .inFile(source).onLineContaining("Layer unannotated");
        assertThat(compilation).hadErrorContaining("[KILN-E008] field 'shared' of model Bad is static; layers are instance fields")
                .inFile(source).onLineContaining("static Layer shared");
    }

    @Test
    void conflictingOptions() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4, activation = Activation.RELU, activationParameter = 0.2) Layer a;",
                "  @Dense(units = 4, activation = Activation.TANH, bias = false,",
                "         biasInit = @Init(scheme = Scheme.CONSTANT, value = 0.1)) Layer b;",
                "  @Dense(units = 4, activation = Activation.TANH, weightInit = @Init(scheme = Scheme.XAVIER_NORMAL,",
                "         std = 0.1)) Layer c;",
                "  @Dense(units = 1) @Dropout Layer d;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E009] layer 'a' of model Bad: activationParameter = 0.2 is set but RELU takes no parameter")
                .inFile(source).onLineContaining("activationParameter = 0.2");
        assertThat(compilation).hadErrorContaining("[KILN-E009] layer 'b' of model Bad: biasInit is set but bias = false")
                .inFile(source).onLineContaining("biasInit = @Init");
        assertThat(compilation).hadErrorContaining("[KILN-E009] layer 'c' of model Bad: weightInit sets std but scheme XAVIER_NORMAL does not use it. Hint: remove std; XAVIER_NORMAL reads only gain")
                .inFile(source).onLineContaining("std = 0.1");
        assertThat(compilation).hadErrorContaining("[KILN-E009] layer 'd' of model Bad: the field has both @Dense and @Dropout")
                .inFile(source).onLineContaining("@Dropout Layer d");
    }

    @Test
    void initializerMissingItsParameters() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.NORMAL)) Layer a;",
                "  @Dense(units = 4, activation = Activation.RELU,",
                "         weightInit = @Init(scheme = Scheme.UNIFORM, low = 0.5, high = -0.5)) Layer b;",
                "  @Dense(units = 1, biasInit = @Init(scheme = Scheme.CONSTANT)) Layer c;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'a' of model Bad: weightInit: NORMAL needs a positive, finite std. Hint: write @Init(scheme = Scheme.NORMAL, std = 0.01); std is a standard deviation, not a variance")
                .inFile(source).onLineContaining("Scheme.NORMAL)");
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'b' of model Bad: weightInit: UNIFORM needs low < high but has low = 0.5, high = -0.5")
                .inFile(source).onLineContaining("high = -0.5");
        assertThat(compilation).hadErrorContaining("[KILN-E010] layer 'c' of model Bad: biasInit: CONSTANT needs a finite value")
                .inFile(source).onLineContaining("Scheme.CONSTANT");
    }

    @Test
    void activationParameterOutOfRange() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  @Dense(units = 4, activation = Activation.LEAKY_RELU, activationParameter = 1.5) Layer a;",
                "  @ActivationLayer(value = Activation.ELU, parameter = -1) Layer b;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E011] layer 'a' of model Bad: leaky ReLU slope 1.5 must lie in (0, 1)")
                .inFile(source).onLineContaining("activationParameter = 1.5");
        assertThat(compilation).hadErrorContaining("[KILN-E011] layer 'b' of model Bad: ELU alpha -1 must be positive")
                .inFile(source).onLineContaining("parameter = -1");
    }

    @Test
    void denseOnMultiDimensionalInput() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {28, 28}, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Bad {",
                "  @Dense(units = 10) Layer logits;",
                "}");
        assertThat(Models.compile(source))
                .hadErrorContaining("[KILN-E012] Dense layer 'logits' needs a flat input [n,features] but gets [n,28,28] (model Bad). Hint: add @Flatten before it, or declare the model input as one dimension of 784 features")
                .inFile(source).onLineContaining("@Dense(units = 10)");
    }

    @Test
    void everyErrorOfAModelIsReportedInOneCompilation() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 8, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Bad {",
                "  @Dense(units = 0) Layer a;",
                "  @Dropout(rate = 2) Layer b;",
                "  @Dense(units = 4, activation = Activation.LEAKY_RELU, activationParameter = 3) Layer c;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        long kilnErrors = compilation.errors().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR && d.getMessage(null).startsWith("[KILN-"))
                .count();
        assertEquals(3, kilnErrors, compilation.errors().toString());
    }

    @Test
    void aModelWithErrorsLeavesNoGeneratedFileBehind(@TempDir Path generated) throws Exception {
        Path sources = Files.createDirectories(generated.resolve("src/test"));
        Files.writeString(sources.resolve("Bad.java"), String.join("\n",
                "package test;", Models.IMPORTS,
                "@Model(input = 8, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "class Bad {",
                "  @Dense(units = 4, activation = Activation.RELU) Layer hidden;",
                "  @Dense(units = 1) Layer out;",
                "}"));
        Path out = Files.createDirectories(generated.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        List<String> options = List.of("-proc:only", "-processor", KilnProcessor.class.getName(),
                "-cp", System.getProperty("java.class.path"), "-s", out.toString(), "-d", out.toString());
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            Boolean ok = javac.getTask(messages, files, null, options, null,
                    files.getJavaFileObjects(sources.resolve("Bad.java").toFile())).call();
            assertEquals(false, ok);
        }
        assertTrue(messages.toString().contains("[KILN-E004]"), messages.toString());
        try (Stream<Path> written = Files.walk(out)) {
            assertEquals(List.of(), written.filter(Files::isRegularFile).toList());
        }
    }
}
