package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;

import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.List;

import static com.google.testing.compile.Compiler.javac;

/** Compiles small model sources through the Kiln processor for diagnostics tests. */
final class Models {
    private Models() {
    }

    static final String IMPORTS = "import dev.kiln.dsl.*;";

    /** A source file {@code test/<name>.java} in package {@code test} with the DSL imported. */
    static JavaFileObject source(String name, String... body) {
        List<String> lines = new ArrayList<>();
        lines.add("package test;");
        lines.add(IMPORTS);
        lines.addAll(List.of(body));
        return JavaFileObjects.forSourceLines("test." + name, lines);
    }

    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new KilnProcessor()).compile(sources);
    }

    static Compilation compileWithOptions(List<String> options, JavaFileObject... sources) {
        return javac().withProcessors(new KilnProcessor()).withOptions(options).compile(sources);
    }
}
