package dev.kiln.samples.docs;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps README.md and docs/ true. Every {@code ```java} block is either a compilation unit, compiled
 * with the Kiln processor against the real modules (all blocks of one page in one compilation), or
 * an excerpt of generated code (first line {@code // generated excerpt from <class>}) that must
 * appear, line for line, in that class's generated source.
 */
class DocsExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path GENERATED = Path.of("target/generated-sources/annotations");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("^(?:public\\s+)?(?:final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final String EXCERPT = "// generated excerpt from ";
    private static final Pattern KOTLIN_BLOCK = Pattern.compile("```kotlin\\n(.*?)```", Pattern.DOTALL);
    private static final Path KOTLIN_SOURCES = Path.of("src/main/kotlin");

    @TestFactory
    Stream<DynamicTest> everyPageCompiles() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages.stream().map(page -> DynamicTest.dynamicTest(ROOT.relativize(page).toString(), () -> check(page)));
    }

    private static void check(Path page) throws IOException {
        List<String> units = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(Files.readString(page));
        while (block.find()) {
            String code = block.group(1);
            if (code.startsWith(EXCERPT)) {
                checkExcerpt(page, code);
            } else if (PACKAGE.matcher(code).find()) {
                units.add(code);
            } else {
                fail(page + ": a java block is neither a compilation unit (with a package) nor a generated excerpt:\n" + code);
            }
        }
        if (!units.isEmpty()) {
            compile(page, units);
        }
        Matcher kotlin = KOTLIN_BLOCK.matcher(Files.readString(page));
        while (kotlin.find()) {
            checkKotlin(page, kotlin.group(1));
        }
    }

    /** Kotlin examples are excerpts of the Kotlin samples, which the build compiles through kapt. */
    private static void checkKotlin(Path page, String code) throws IOException {
        List<String> excerpt = code.lines().map(String::strip).toList();
        try (Stream<Path> files = Files.walk(KOTLIN_SOURCES)) {
            boolean found = files.filter(p -> p.toString().endsWith(".kt")).anyMatch(file -> {
                try {
                    List<String> lines = Files.readAllLines(file).stream().map(String::strip).toList();
                    return java.util.Collections.indexOfSubList(lines, excerpt) >= 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(found, page + ": this Kotlin example is not part of any compiled Kotlin sample:\n" + code);
        }
    }

    private static void checkExcerpt(Path page, String code) throws IOException {
        List<String> lines = code.lines().toList();
        String className = lines.get(0).substring(EXCERPT.length()).trim();
        Path source = GENERATED.resolve(className.replace('.', '/') + ".java");
        List<String> generated = Files.readAllLines(source).stream().map(String::strip).toList();
        List<String> excerpt = lines.subList(1, lines.size()).stream().map(String::strip).toList();
        assertTrue(java.util.Collections.indexOfSubList(generated, excerpt) >= 0,
                page + ": the excerpt of " + className + " is not in the generated source " + source + ":\n" + code);
    }

    private static void compile(Path page, List<String> units) throws IOException {
        Path dir = Files.createTempDirectory("kiln-docs");
        Path src = Files.createDirectories(dir.resolve("src"));
        Path out = Files.createDirectories(dir.resolve("out"));
        List<Path> files = new ArrayList<>();
        for (String unit : units) {
            Matcher pkg = PACKAGE.matcher(unit);
            Matcher type = TYPE.matcher(unit);
            assertTrue(pkg.find() && type.find(), page + ": cannot tell the package and type of:\n" + unit);
            Path file = src.resolve(pkg.group(1).replace('.', '/')).resolve(type.group(1) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, unit);
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        List<String> options = List.of("-processor", "dev.kiln.processor.KilnProcessor",
                "-cp", System.getProperty("java.class.path"), "-d", out.toString(), "-s", out.toString());
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(messages, fileManager, null, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            assertTrue(ok, page + " has examples that do not compile:\n" + messages);
        }
    }
}
