package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import dev.kiln.dsl.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every number attribute of every Kiln annotation, found by reflection over the DSL package, given
 * values that are not finite or not finite in float32: each is error KILN-E016 at the attribute,
 * never {@code Infinity} in generated source. With NaN (unset, for most attributes) the processor
 * either accepts the model, and the generated class compiles, or reports a Kiln error.
 */
class NumberAttributesTest {
    /** Source literal, the value javac gives the processor, and what is wrong with it. */
    private static final List<String[]> BAD = List.of(
            new String[] {"Double.POSITIVE_INFINITY", "Infinity", "is not a finite number"},
            new String[] {"Double.NEGATIVE_INFINITY", "-Infinity", "is not a finite number"},
            new String[] {"1e39", "1.0E39", "is beyond the range of float32 (±3.4028235E38)"},
            new String[] {"-1e308", "-1.0E308", "is beyond the range of float32"},
            new String[] {"Double.MAX_VALUE", "1.7976931348623157E308", "is beyond the range of float32"},
            new String[] {"1e-50", "1.0E-50", "is 0 in float32"});

    /** A model using {@code attribute = literal} on a line of its own, and how messages name what it declares. */
    private record Case(List<String> lines, String owner) {
    }

    static Stream<Arguments> attributes() {
        return numberAttributes().stream().map(m -> Arguments.of(m.getDeclaringClass().getSimpleName(), m.getName()));
    }

    /** All bad values of one attribute in one compilation, one model class each. */
    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("attributes")
    void aValueThatIsNotAFiniteFloat32IsAnErrorAtTheAttribute(String annotation, String attribute) {
        List<JavaFileObject> sources = new ArrayList<>();
        List<Case> models = new ArrayList<>();
        for (int i = 0; i < BAD.size(); i++) {
            Case model = model("Bad" + i, annotation, attribute, BAD.get(i)[0]);
            models.add(model);
            sources.add(Models.source("Bad" + i, model.lines().toArray(String[]::new)));
        }
        Compilation compilation = Models.compile(sources.toArray(JavaFileObject[]::new));
        for (int i = 0; i < BAD.size(); i++) {
            String[] bad = BAD.get(i);
            // The owner ends in ": " after what declares the annotation (and after a nested annotation's
            // attribute, "weightInit: "); the message puts "number attribute" before the attribute's path.
            String path = models.get(i).owner().replaceFirst(": ", ": number attribute ");
            assertThat(compilation).hadErrorContaining("[KILN-E016] " + path + attribute + " = " + bad[1] + " " + bad[2])
                    .inFile(sources.get(i)).onLineContaining(attribute + " = " + bad[0]);
        }
        assertOnlyKilnErrors(compilation);
        assertEquals(BAD.size(), compilation.errors().size(), "one error per model: " + compilation.errors());
    }

    @ParameterizedTest(name = "{0}.{1} = NaN")
    @MethodSource("attributes")
    void notANumberIsUnsetOrAKilnErrorNeverACrash(String annotation, String attribute) {
        Compilation compilation = Models.compile(Models.source("Bad", model("Bad", annotation, attribute, "Double.NaN").lines()
                .toArray(String[]::new)));
        assertOnlyKilnErrors(compilation);
    }

    /** No crash, and no javac error: a class the processor wrote compiled. */
    private static void assertOnlyKilnErrors(Compilation compilation) {
        List<String> others = compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null)).filter(m -> !m.startsWith("[KILN-") || m.startsWith("[KILN-E099]")).toList();
        assertEquals(List.of(), others);
    }

    private static Case model(String name, String annotation, String attribute, String literal) {
        String line = "      " + attribute + " = " + literal;
        String layer = "layer '%s' of model " + name + ": ";
        String model = "class " + name + " {";
        return switch (annotation) {
            case "Dense" -> new Case(List.of(flat(), model, "  @Dense(units = 4, activation = Activation.ELU,", line + ") Layer a;",
                    "  @Dense(units = 1) Layer out;", "}"), layer.formatted("a"));
            case "Init" -> initCase(model, attribute, line, layer.formatted("a"));
            case "ActivationLayer" -> new Case(List.of(flat(), model, "  @Dense(units = 4) Layer a;",
                    "  @ActivationLayer(value = Activation.ELU,", line + ") Layer act;", "  @Dense(units = 1) Layer out;", "}"),
                    layer.formatted("act"));
            case "Conv2d" -> new Case(List.of(image(1), model, "  @Conv2d(filters = 2, kernel = 3, activation = Activation.ELU,",
                    line + ") Layer conv;", "  @GlobalAvgPool Layer gap;", "  @Dense(units = 1) Layer out;", "}"), layer.formatted("conv"));
            case "BatchNorm", "GroupNorm", "InstanceNorm", "LayerNorm", "RmsNorm" -> new Case(List.of(image(2), model,
                    "  @Conv2d(filters = 2, kernel = 3, bias = false) Layer conv;", "  @" + annotation + "(", line + ") Layer norm;",
                    "  @GlobalAvgPool Layer gap;", "  @Dense(units = 1) Layer out;", "}"), layer.formatted("norm"));
            case "PRelu" -> new Case(List.of(flat(), model, "  @Dense(units = 4) Layer a;", "  @PRelu(", line + ") Layer act;",
                    "  @Dense(units = 1) Layer out;", "}"), layer.formatted("act"));
            case "Dropout" -> new Case(List.of(flat(), model, "  @Dense(units = 4, activation = Activation.RELU) Layer a;",
                    "  @Dropout(", line + ") Layer drop;", "  @Dense(units = 1) Layer out;", "}"), layer.formatted("drop"));
            case "Residual" -> new Case(List.of(flat(), model,
                    "  static class Block { @Dense(units = 4, activation = Activation.RELU) Layer d; }", "  @Residual(",
                    line + ") Block stage;", "  @Dense(units = 1) Layer out;", "}"), "block 'stage' of model " + name + ": ");
            case "Transition" -> new Case(List.of(image(4), model, "  @Transition(", line + ") Layer down;",
                    "  @GlobalAvgPool Layer gap;", "  @Dense(units = 1) Layer out;", "}"), "block 'down' of model " + name + ": ");
            case "Training" -> new Case(List.of("@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR, training = @Training(", line + "))",
                    model, "  @Dense(units = 1) Layer out;", "}"), "the training options of model " + name + ": ");
            default -> throw new AssertionError("no model template for @" + annotation + "." + attribute
                    + ": add one, so that its number attributes are checked too");
        };
    }

    /** An @Init attribute, under a scheme that reads it. */
    private static Case initCase(String model, String attribute, String line, String owner) {
        String init = switch (attribute) {
            case "mean" -> "weightInit = @Init(scheme = Scheme.NORMAL, std = 0.5,";
            case "std" -> "weightInit = @Init(scheme = Scheme.NORMAL,";
            case "low" -> "weightInit = @Init(scheme = Scheme.UNIFORM, high = 1,";
            case "high" -> "weightInit = @Init(scheme = Scheme.UNIFORM, low = -1,";
            case "value" -> "biasInit = @Init(scheme = Scheme.CONSTANT,";
            case "gain" -> "weightInit = @Init(scheme = Scheme.KAIMING_NORMAL,";
            case "scale" -> "weightInit = @Init(scheme = Scheme.VARIANCE_SCALING,";
            case "sparsity" -> "weightInit = @Init(scheme = Scheme.SPARSE, std = 0.5,";
            default -> throw new AssertionError("no scheme for @Init." + attribute);
        };
        return new Case(List.of(flat(), model, "  @Dense(units = 4, activation = Activation.RELU, " + init, line + ")) Layer a;",
                "  @Dense(units = 1) Layer out;", "}"), owner + init.substring(0, init.indexOf(' ')) + ": ");
    }

    private static String flat() {
        return "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)";
    }

    private static String image(int channels) {
        return "@Model(input = {" + channels + ", 4, 4}, loss = Loss.MEAN_SQUARED_ERROR)";
    }

    /** The double and float attributes of every annotation type in dev.kiln.dsl. */
    private static List<Method> numberAttributes() {
        List<Method> attributes = new ArrayList<>();
        for (Class<?> type : dslClasses()) {
            if (type.isAnnotation()) {
                Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getReturnType() == double.class || m.getReturnType() == float.class)
                        .sorted(java.util.Comparator.comparing(Method::getName)).forEach(attributes::add);
            }
        }
        assertTrue(attributes.size() >= 20, "found the DSL's number attributes: " + attributes);
        return attributes;
    }

    private static List<Class<?>> dslClasses() {
        String packagePath = Model.class.getPackageName().replace('.', '/');
        List<String> names = new ArrayList<>();
        try {
            Path location = Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.list(location.resolve(packagePath))) {
                    files.map(p -> p.getFileName().toString()).forEach(names::add);
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        String name = entries.nextElement().getName();
                        if (name.startsWith(packagePath + "/") && name.indexOf('/', packagePath.length() + 1) < 0) {
                            names.add(name.substring(packagePath.length() + 1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names.stream().filter(n -> n.endsWith(".class") && !n.contains("$")).sorted().toList()) {
            try {
                classes.add(Class.forName(Model.class.getPackageName() + "." + name.substring(0, name.length() - ".class".length())));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes;
    }
}
