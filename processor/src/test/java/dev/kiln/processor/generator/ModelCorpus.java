package dev.kiln.processor.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models the mutations start from: each docs page's Java examples (compiled together, as the
 * docs test compiles them) and each model of the samples with the DSL-only classes of its package
 * that it builds on (a superclass, a block class). Read from the checkout, so that the corpus
 * follows the docs and samples as they change.
 */
final class ModelCorpus {
    /** The repository root, seen from the processor module, where tests run. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("^(?:public\\s+)?(?:final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)",
            Pattern.MULTILINE);
    /** Split models that take long to compile, left to the large scale; the architectures cover their shape. */
    private static final List<String> LARGE_ONLY = List.of("DenseNet201.java");

    /** One compilation unit of the corpus: its files (path-like name and text) and the one the mutations edit. */
    record Unit(String name, List<SourceFile> files, int mutable) {
    }

    /** A source file: its qualified type name and text. */
    record SourceFile(String typeName, String text) {
    }

    private ModelCorpus() {
    }

    static List<Unit> load(boolean large) {
        List<Unit> units = new ArrayList<>();
        try {
            for (Path page : docsPages()) {
                docsUnit(page).ifPresent(units::add);
            }
            Path samples = ROOT.resolve("samples/src/main/java");
            try (Stream<Path> files = Files.walk(samples)) {
                List<Path> java = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
                for (Path file : java) {
                    String text = Files.readString(file);
                    if (text.contains("@Model(") && (large || !LARGE_ONLY.contains(file.getFileName().toString()))) {
                        units.add(sampleUnit(samples, file, text, java));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return units;
    }

    private static List<Path> docsPages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** A page's compilation units, when one of them declares a model. */
    private static Optional<Unit> docsUnit(Path page) throws IOException {
        List<SourceFile> files = new ArrayList<>();
        int mutable = -1;
        Matcher block = JAVA_BLOCK.matcher(Files.readString(page));
        while (block.find()) {
            String code = block.group(1);
            Matcher pkg = PACKAGE.matcher(code);
            Matcher type = TYPE.matcher(code);
            if (pkg.find() && type.find()) {
                if (mutable < 0 && code.contains("@Model(")) {
                    mutable = files.size();
                }
                files.add(new SourceFile(pkg.group(1) + "." + type.group(1), code));
            }
        }
        return mutable < 0 ? Optional.empty()
                : Optional.of(new Unit(ROOT.relativize(page).toString(), files, mutable));
    }

    /** A sample model with the files of its package that import nothing but the DSL, and the models it names. */
    private static Unit sampleUnit(Path samples, Path model, String text, List<Path> all) throws IOException {
        List<SourceFile> files = new ArrayList<>(List.of(sourceFile(samples, model, text)));
        for (Path other : all) {
            if (other.equals(model) || !other.getParent().equals(model.getParent())) {
                continue;
            }
            String otherText = Files.readString(other);
            String simpleName = other.getFileName().toString().replace(".java", "");
            boolean dslOnly = otherText.lines().filter(line -> line.startsWith("import ")).allMatch(line -> line.startsWith("import dev.kiln.dsl."));
            if (dslOnly && (!otherText.contains("@Model(") || text.contains(simpleName + "."))) {
                files.add(sourceFile(samples, other, otherText));
            }
        }
        return new Unit(ROOT.relativize(model).toString(), files, 0);
    }

    private static SourceFile sourceFile(Path root, Path file, String text) {
        String relative = root.relativize(file).toString();
        return new SourceFile(relative.substring(0, relative.length() - ".java".length()).replace('/', '.'), text);
    }
}
