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
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A field declares one layer or one block: a second Kiln annotation is an error, never silently dropped. */
class AnnotationConflictTest {
    private static final List<String> BLOCKS = List.of("@Residual", "@DenseBlock(repeat = 2)", "@Transition");
    private static final List<String> LAYERS = List.of("@Dense(units = 4)", "@BatchNorm");

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        List<String> all = new ArrayList<>(BLOCKS);
        all.addAll(LAYERS);
        for (String first : all) {
            for (String second : all) {
                if (!first.equals(second) && (BLOCKS.contains(first) || BLOCKS.contains(second))) {
                    pairs.add(Arguments.of(first, second));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pairs")
    void aBlockAnnotationWithAnotherLayerOrBlockAnnotation(String first, String second) {
        String type = first.startsWith("@Residual") || first.startsWith("@DenseBlock") ? "Unit" : "Layer";
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {4, 4, 4}, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  static class Unit { @Conv2d(filters = 4, kernel = 3, same = true) Layer conv; }",
                "  " + first + " " + second + " " + type + " both;",
                "  @GlobalAvgPool Layer gap;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E009] layer 'both' of model Bad: the field has both " + name(first) + " and "
                + name(second) + ". Hint: declare one layer or block per field").inFile(source).onLineContaining(type + " both;");
        assertEquals(1, compilation.errors().size(), compilation.errors().toString());
    }

    private static String name(String annotation) {
        int paren = annotation.indexOf('(');
        return paren < 0 ? annotation : annotation.substring(0, paren);
    }

    @Test
    void twoAnnotationsOnAFieldOfABlockClass() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  static class Unit {",
                "    @Dense(units = 4) @LayerNorm Layer dense;",
                "  }",
                "  @Residual Unit stage;",
                "  @Dense(units = 1) Layer out;",
                "}");
        assertThat(Models.compile(source)).hadErrorContaining("[KILN-E009] layer 'dense' of model Bad: the field has both @Dense and @LayerNorm")
                .inFile(source).onLineContaining("@LayerNorm Layer dense;");
    }

    @Test
    void aTransitionOnABlockTypedFieldAndStaticBlockFields() {
        JavaFileObject source = Models.source("Bad",
                "@Model(input = {4, 4, 4}, loss = Loss.MEAN_SQUARED_ERROR)",
                "class Bad {",
                "  static class Unit { @Conv2d(filters = 4, kernel = 3, same = true) Layer conv; }",
                "  @Residual static Unit shared;",
                "  @Transition Unit down;",
                "  @GlobalAvgPool Layer gap;",
                "  @Dense(units = 1) Layer out;",
                "}");
        Compilation compilation = Models.compile(source);
        assertThat(compilation).hadErrorContaining("[KILN-E008] field 'down' of model Bad is annotated @Transition but has type test.Bad.Unit; "
                + "a transition adds its own layers, so its field has type dev.kiln.dsl.Layer. Hint: declare it as `Layer down;`")
                .inFile(source).onLineContaining("@Transition Unit down;");
        assertThat(compilation).hadErrorContaining("[KILN-E008] field 'shared' of model Bad is static; layers and blocks are instance fields")
                .inFile(source).onLineContaining("@Residual static Unit shared;");
    }
}
