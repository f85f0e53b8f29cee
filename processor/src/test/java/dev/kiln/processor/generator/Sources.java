package dev.kiln.processor.generator;

import com.google.testing.compile.JavaFileObjects;

import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.List;

/** Model sources of generated cases: package {@code gen}, the DSL imported. */
final class Sources {
    static final String PACKAGE = "gen";

    private Sources() {
    }

    /**
     * The model class name of case {@code index} of a case source: unique and of fixed width, so that
     * no case's name begins another's and cases can be compiled together.
     */
    static String className(String prefix, int index) {
        return String.format("%s_%05d", prefix, index);
    }

    /** {@code gen/<className>.java} with {@code body} after the package and imports. */
    static JavaFileObject of(String className, List<String> body) {
        List<String> lines = new ArrayList<>();
        lines.add("package " + PACKAGE + ";");
        lines.add("import dev.kiln.dsl.*;");
        lines.addAll(body);
        return JavaFileObjects.forSourceLines(PACKAGE + "." + className, lines);
    }
}
