package dev.kiln.processor.generator;

import com.google.testing.compile.Compilation;
import dev.kiln.processor.KilnProcessor;

import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.google.testing.compile.Compiler.javac;

/**
 * Compiles cases through javac with the Kiln processor, under a time limit, and classifies each
 * ({@link CompileOutcome}) by the diagnostics that are its own: in its sources or in the nets
 * generated from them. Cases whose classes are their own compile together, which saves javac's
 * start per case; when such a batch has errors, its cases without errors are compiled again
 * without the others, so that their classes exist to run. A Kiln error must be placed: in the
 * case's own source, at a line. Compilations run under a {@link TimeLimit}, so a hung one is
 * abandoned and reported rather than holding the test.
 */
final class CompileHarness implements AutoCloseable {
    private static final Pattern KILN_ID = Pattern.compile("\\[(KILN-E\\d{3})]");
    /** javac's message when code names a class that does not exist, here a net Kiln should have generated. */
    private static final Pattern MISSING_NET = Pattern.compile("cannot find symbol\\s+symbol:\\s+(?:class|variable) (\\w+Net)\\b");

    private final TimeLimit limit;
    private final Supplier<Processor> processor;

    CompileHarness(long timeoutSeconds) {
        this(timeoutSeconds, KilnProcessor::new);
    }

    /** With another processor than Kiln's: for the harness's own tests, which need a processor that fails on purpose. */
    CompileHarness(long timeoutSeconds, Supplier<Processor> processor) {
        this.limit = new TimeLimit("generated-model-compilation", timeoutSeconds);
        this.processor = processor;
    }

    /** Compiles {@code cases} together (each alone when it cannot share a compilation) and classifies each. */
    Map<Case, CompileOutcome> compile(List<Case> cases) {
        Map<Case, CompileOutcome> outcomes = new LinkedHashMap<>();
        if (cases.size() == 1) {
            Case only = cases.get(0);
            Optional<Compilation> compilation = run(only.sources(), only, outcomes);
            compilation.ifPresent(c -> outcomes.put(only, classify(only, c.errors(), c)));
            return outcomes;
        }
        List<JavaFileObject> sources = cases.stream().flatMap(c -> c.sources().stream()).toList();
        Optional<Compilation> batch = run(sources, null, outcomes);
        if (batch.isEmpty()) {
            cases.forEach(c -> outcomes.putAll(compile(List.of(c)))); // find the case that hangs or crashes javac
            return outcomes;
        }
        List<Case> clean = new ArrayList<>();
        int owned = 0;
        for (Case generated : cases) {
            List<Diagnostic<? extends JavaFileObject>> own = batch.get().errors().stream().filter(e -> owns(generated, e)).toList();
            owned += own.size();
            if (own.isEmpty()) {
                clean.add(generated);
            } else {
                outcomes.put(generated, classify(generated, own, batch.get()));
            }
        }
        if (owned < batch.get().errors().size()) {
            // an error no case owns: compile each of the others alone to tell
            clean.forEach(c -> outcomes.putAll(compile(List.of(c))));
        } else if (clean.size() == cases.size()) {
            clean.forEach(c -> outcomes.put(c, classify(c, List.of(), batch.get())));
        } else if (!clean.isEmpty()) {
            outcomes.putAll(compile(clean));
        }
        return outcomes;
    }

    /** The compilation of {@code sources}, or empty after recording a timeout or crash for {@code single} (when compiling one case). */
    private Optional<Compilation> run(List<JavaFileObject> sources, Case single, Map<Case, CompileOutcome> outcomes) {
        try {
            return Optional.of(limit.call(() -> javac().withProcessors(processor.get()).compile(sources)));
        } catch (TimeoutException e) {
            if (single != null) {
                outcomes.put(single, new CompileOutcome(CompileOutcome.Kind.TIMEOUT, Set.of(), "no result after " + limit.seconds() + " s", null));
            }
        } catch (ExecutionException e) {
            if (single != null) {
                outcomes.put(single, new CompileOutcome(CompileOutcome.Kind.COMPILER_CRASH, Set.of(), String.valueOf(e.getCause()), null));
            }
        }
        return Optional.empty();
    }

    private static boolean owns(Case generated, Diagnostic<? extends JavaFileObject> error) {
        if (error.getSource() == null) {
            return false;
        }
        String name = error.getSource().getName();
        return generated.owns(name.substring(name.lastIndexOf('/') + 1).replace(".java", ""));
    }

    /** The outcome of {@code generated} from its own errors in {@code compilation}. */
    private static CompileOutcome classify(Case generated, List<Diagnostic<? extends JavaFileObject>> errors, Compilation compilation) {
        Set<String> ids = new TreeSet<>();
        for (Diagnostic<? extends JavaFileObject> error : errors) {
            Matcher id = KILN_ID.matcher(error.getMessage(null));
            while (id.find()) {
                ids.add(id.group(1));
            }
        }
        if (ids.contains("KILN-E099")) {
            return outcome(CompileOutcome.Kind.INTERNAL_ERROR, ids, errors, compilation);
        }
        List<Diagnostic<? extends JavaFileObject>> inGenerated = errors.stream().filter(error -> error.getSource() != null && !isSource(generated, error))
                .toList();
        if (!inGenerated.isEmpty()) {
            return outcome(CompileOutcome.Kind.GENERATED_CODE_DOES_NOT_COMPILE, ids, inGenerated, compilation);
        }
        List<Diagnostic<? extends JavaFileObject>> unplaced = errors.stream()
                .filter(error -> KILN_ID.matcher(error.getMessage(null)).find() && !(isSource(generated, error) && error.getLineNumber() > 0)).toList();
        if (!unplaced.isEmpty()) {
            return outcome(CompileOutcome.Kind.ERROR_WITHOUT_LOCATION, ids, unplaced, compilation);
        }
        if (!ids.isEmpty()) {
            return outcome(CompileOutcome.Kind.REJECTED_BY_KILN, ids, errors, compilation);
        }
        if (!errors.isEmpty()) {
            // javac's own errors; a use of a net that was not generated, with nothing else wrong, is Kiln's silence
            boolean onlyMissingNets = errors.stream().allMatch(error -> MISSING_NET.matcher(error.getMessage(null)).find());
            return outcome(onlyMissingNets ? CompileOutcome.Kind.NET_NOT_GENERATED : CompileOutcome.Kind.REJECTED_BY_JAVAC, ids, errors,
                    compilation);
        }
        if (RunHarness.nets(compilation, generated).isEmpty()) {
            return new CompileOutcome(CompileOutcome.Kind.NET_NOT_GENERATED, ids, "compiled without errors but generated no net", compilation);
        }
        return new CompileOutcome(CompileOutcome.Kind.ACCEPTED, ids, "", compilation);
    }

    private static boolean isSource(Case generated, Diagnostic<? extends JavaFileObject> error) {
        return error.getSource() != null && generated.sources().stream().anyMatch(s -> s.toUri().equals(error.getSource().toUri()));
    }

    private static CompileOutcome outcome(CompileOutcome.Kind kind, Set<String> ids, List<Diagnostic<? extends JavaFileObject>> errors,
                                          Compilation compilation) {
        Diagnostic<? extends JavaFileObject> first = errors.get(0);
        String where = first.getSource() == null ? "" : first.getSource().getName() + ":" + first.getLineNumber() + ": ";
        return new CompileOutcome(kind, ids, where + first.getMessage(null), compilation);
    }

    @Override
    public void close() {
        limit.close();
    }
}
