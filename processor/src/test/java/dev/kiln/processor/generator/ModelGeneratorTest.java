package dev.kiln.processor.generator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12's guarantee, checked on generated malformed and borderline models: every model either
 * gets Kiln errors (never KILN-E099) or compiles to a net class that constructs, runs forward and
 * takes a training step; no compilation hangs; no generated class fails to compile. The cases are
 * systematic ({@link AttributeCases}, {@link LayerKindCases}), published architectures at full depth
 * ({@link Architectures}) and seeded mutations of the docs' and samples' models ({@link Mutator}).
 * {@link Scale} says how many (CI by default; {@code -Dkiln.generator.scale=large} for more). The
 * counts are printed; failures owned elsewhere are listed in {@link KnownFailures}.
 */
class ModelGeneratorTest {
    /** Cases compiled together: enough to save most of javac's start per case, few enough to retry cheaply. */
    private static final int BATCH = 16;

    @Test
    void everyGeneratedModelIsAKilnErrorOrANetThatRuns() throws Exception {
        Scale scale = Scale.fromSystemProperties();
        List<Case> cases = new ArrayList<>();
        cases.addAll(AttributeCases.all(scale.large()));
        cases.addAll(LayerKindCases.all());
        cases.addAll(Architectures.all(scale.large()));
        cases.addAll(new Mutator(scale.seed(), scale.large()).cases(ModelCorpus.load(scale.large()), scale.mutations()));
        assertEquals(cases.size(), cases.stream().map(Case::name).distinct().count(), "case names are unique");
        cases.removeIf(generated -> !scale.selects(generated));

        long started = System.nanoTime();
        Tally tally = new Tally();
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (CompileHarness compiler = new CompileHarness(scale.timeoutSeconds());
             TimeLimit runLimit = new TimeLimit("generated-model-run", scale.timeoutSeconds())) {
            List<Future<?>> running = new ArrayList<>();
            for (List<Case> batch : batches(cases)) {
                running.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    Map<Case, CompileOutcome> outcomes = compiler.compile(batch);
                    long compileShare = (System.nanoTime() - start) / batch.size();
                    outcomes.forEach((generated, compiled) -> {
                        long runStart = System.nanoTime();
                        RunOutcome run = compiled.kind() == CompileOutcome.Kind.ACCEPTED
                                ? RunHarness.run(compiled.compilation(), generated, runLimit) : null;
                        tally.add(generated, compiled, run, compileShare + System.nanoTime() - runStart);
                    });
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println(tally.report() + "Wall time: " + (System.nanoTime() - started) / 1_000_000_000 + " s on " + workers
                + " worker threads (scale " + (scale.large() ? "large" : "ci") + ", seed " + scale.seed() + ")");

        for (Case generated : cases) {
            // The generator's own sources are valid Java; were one not, the case would test nothing.
            if (generated.origin() != Case.Origin.MUTATION) {
                assertNotEquals(CompileOutcome.Kind.REJECTED_BY_JAVAC, tally.compiled(generated.name()), generated.name());
            }
            if (generated.origin() == Case.Origin.ARCHITECTURE) {
                assertEquals(RunOutcome.Kind.RAN, tally.ran(generated.name()), generated.name() + " compiles and runs");
            }
        }

        Set<String> names = cases.stream().map(Case::name).collect(Collectors.toSet());
        Map<String, String> failures = tally.failures();
        Map<String, String> unexpected = new TreeMap<>(failures);
        unexpected.keySet().removeAll(KnownFailures.CASES.keySet());
        Set<String> fixed = new TreeSet<>(KnownFailures.CASES.keySet());
        fixed.retainAll(names);
        fixed.removeAll(failures.keySet());
        assertTrue(unexpected.isEmpty(), () -> "failures:\n" + unexpected.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n")));
        assertTrue(fixed.isEmpty(), () -> "known failures that pass now; remove them from KnownFailures: " + fixed);
    }

    /** Runs of cases that can share a compilation, and each other case alone. */
    private static List<List<Case>> batches(List<Case> cases) {
        List<List<Case>> batches = new ArrayList<>();
        List<Case> current = new ArrayList<>();
        for (Case generated : cases) {
            if (!generated.compilesWithOthers()) {
                batches.add(List.of(generated));
                continue;
            }
            current.add(generated);
            if (current.size() == BATCH) {
                batches.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
