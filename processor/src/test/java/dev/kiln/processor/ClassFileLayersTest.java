package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaFileObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Layers read from class files (a superclass or a block class compiled earlier) have no source
 * position; a problem with one is reported where the model uses it, the class or the block field,
 * naming the compiled class the layer comes from.
 */
class ClassFileLayersTest {
    @TempDir
    Path compiled;

    /** Compiles {@code sources} without the processor and returns a class path with their class files on it. */
    private List<File> compiledEarlier(JavaFileObject... sources) throws IOException {
        Compilation earlier = javac().compile(sources);
        assertThat(earlier).succeeded();
        for (JavaFileObject file : earlier.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String path = file.toUri().getPath();
                Path target = compiled.resolve(path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length()));
                Files.createDirectories(target.getParent());
                try (InputStream in = file.openInputStream()) {
                    Files.write(target, in.readAllBytes());
                }
            }
        }
        List<File> classpath = new ArrayList<>();
        classpath.add(compiled.toFile());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(new File(entry));
        }
        return classpath;
    }

    private static Compilation compile(List<File> classpath, JavaFileObject source) {
        return javac().withProcessors(new KilnProcessor()).withClasspath(classpath).compile(source);
    }

    /** A class path with {@code public class Unit} holding one layer field, compiled earlier. */
    private List<File> compiledUnit(String layer) throws IOException {
        return compiledEarlier(Models.source("Unit", "public class Unit {", "  " + layer, "}"));
    }

    /** Model {@code Net} with {@code input} and the given fields, then its output layer. */
    private static JavaFileObject net(String input, String... fields) {
        List<String> lines = new ArrayList<>(List.of("@Model(input = " + input + ", loss = Loss.MEAN_SQUARED_ERROR)", "class Net {"));
        for (String field : fields) {
            lines.add("  " + field);
        }
        lines.addAll(List.of("  @Dense(units = 1) Layer out;", "}"));
        return Models.source("Net", lines.toArray(String[]::new));
    }

    @Test
    void aBadLayerOfACompiledSuperclassIsReportedAtTheModelClass() throws IOException {
        List<File> classpath = compiledEarlier(Models.source("Base",
                "public class Base {",
                "  @Dense(units = 0) Layer hidden;",
                "}"));
        JavaFileObject model = Models.source("Derived",
                "@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Derived extends Base {",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = compile(classpath, model);
        assertThat(compilation).hadErrorContaining("[KILN-E002] layer 'hidden' of model Derived has units = 0; a layer needs at least one unit "
                        + "(declared in test.Base, read from its class file). Hint: give the number of output units")
                .inFile(model).onLineContaining("class Derived extends Base");
        assertEquals(1, compilation.errors().size(), compilation.errors().toString());
    }

    @Test
    void aShapeProblemOfACompiledBlockClassIsReportedAtTheBlockField() throws IOException {
        JavaFileObject model = net("{4, 6, 6}", "@Residual(repeat = 2) Unit stage;", "@GlobalAvgPool Layer gap;");
        Compilation compilation = compile(compiledUnit("@Conv2d(filters = 4, kernel = 9) Layer conv;"), model);
        assertThat(compilation).hadErrorContaining("[KILN-E012] Conv2d layer 'stage_0_conv' has a 9x9 kernel (dilation included) but input "
                        + "[n,4,6,6] padded by 0x0 is only 6x6 (model Net) (declared in test.Unit, read from its class file)")
                .inFile(model).onLineContaining("@Residual(repeat = 2) Unit stage;");
        assertEquals(1, compilation.errors().size(), compilation.errors().toString());
    }

    @Test
    void aBadAttributeOfACompiledBlockClassIsReportedAtTheBlockField() throws IOException {
        JavaFileObject model = net("4", "@Dense(units = 4, activation = Activation.RELU) Layer hidden;", "@Residual Unit stage;");
        assertThat(compile(compiledUnit("@Dropout(rate = 1.5) Layer drop;"), model)).hadErrorContaining("[KILN-E003] layer 'drop' of model "
                        + "Net has dropout rate 1.5; the rate is a drop probability in [0, 1) (declared in test.Unit, read from its class file)")
                .inFile(model).onLineContaining("@Residual Unit stage;");
    }

    private static final String XAVIER_BEFORE_RELU =
            "@Dense(units = 4, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.XAVIER_NORMAL)) Layer dense;";

    @Test
    void aWarningOnALayerOfACompiledBlockClassIsReportedAtTheBlockField() throws IOException {
        JavaFileObject model = net("4", "@Residual Unit stage;");
        Compilation compilation = compile(compiledUnit(XAVIER_BEFORE_RELU), model);
        assertThat(compilation).hadWarningContaining("[KILN-W001] layer 'stage_0_dense' of model Net initializes weights with XAVIER_NORMAL")
                .inFile(model).onLineContaining("@Residual Unit stage;");
        assertThat(compilation).hadWarningContaining("(declared in test.Unit, read from its class file)");
    }

    @Test
    void aWarningOnACompiledLayerIsSuppressedWhereTheLayerIsUsed() throws IOException {
        assertThat(compile(compiledUnit(XAVIER_BEFORE_RELU), net("4", "@SuppressWarnings(Lints.INIT_ACTIVATION) @Residual Unit stage;")))
                .succeededWithoutWarnings();
    }
}
