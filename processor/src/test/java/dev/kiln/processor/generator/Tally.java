package dev.kiln.processor.generator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The counts of a generator run, by origin and outcome, and the failures by case name. */
final class Tally {
    private final Map<Case.Origin, Integer> generated = new EnumMap<>(Case.Origin.class);
    private final Map<Case.Origin, Integer> accepted = new EnumMap<>(Case.Origin.class);
    private final Map<String, Integer> rejectedById = new TreeMap<>();
    private int rejectedByKiln;
    private int rejectedByJavac;
    private int ran;
    private final List<String> tooLargeToRun = new ArrayList<>();
    private final Map<String, String> failures = new TreeMap<>();
    /** Each case's compile outcome, and its run's where it ran. */
    private final Map<String, CompileOutcome.Kind> compiled = new TreeMap<>();
    private final Map<String, RunOutcome.Kind> runs = new TreeMap<>();

    /** Seconds spent per origin, compiling (a batch's time shared among its cases) and running, summed over the workers. */
    private final Map<Case.Origin, Double> seconds = new EnumMap<>(Case.Origin.class);

    synchronized void add(Case generatedCase, CompileOutcome compiled, RunOutcome run, long nanos) {
        generated.merge(generatedCase.origin(), 1, Integer::sum);
        seconds.merge(generatedCase.origin(), nanos / 1e9, Double::sum);
        this.compiled.put(generatedCase.name(), compiled.kind());
        if (run != null) {
            runs.put(generatedCase.name(), run.kind());
        }
        switch (compiled.kind()) {
            case ACCEPTED -> accepted.merge(generatedCase.origin(), 1, Integer::sum);
            case REJECTED_BY_KILN -> {
                rejectedByKiln++;
                compiled.kilnErrors().forEach(id -> rejectedById.merge(id, 1, Integer::sum));
            }
            case REJECTED_BY_JAVAC -> rejectedByJavac++;
            default -> failures.put(generatedCase.name(), compiled.kind() + ": " + compiled.detail());
        }
        if (run != null) {
            switch (run.kind()) {
                case RAN -> ran++;
                case TOO_LARGE_TO_RUN -> tooLargeToRun.add(generatedCase.name());
                case FAILED -> failures.put(generatedCase.name(), "RUN_FAILED: " + run.detail());
                case TIMEOUT -> failures.put(generatedCase.name(), "RUN_TIMEOUT: " + run.detail());
            }
        }
    }

    synchronized CompileOutcome.Kind compiled(String caseName) {
        return compiled.get(caseName);
    }

    /** How the case's nets ran, or null when it was not accepted. */
    synchronized RunOutcome.Kind ran(String caseName) {
        return runs.get(caseName);
    }

    /** Failing cases by name, with what went wrong. */
    synchronized Map<String, String> failures() {
        return new TreeMap<>(failures);
    }

    synchronized String report() {
        int total = generated.values().stream().mapToInt(Integer::intValue).sum();
        int acceptedTotal = accepted.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder text = new StringBuilder("Generated models: ").append(total).append(' ').append(generated).append('\n');
        text.append("Accepted: ").append(acceptedTotal).append(' ').append(accepted).append('\n');
        text.append("Rejected by Kiln: ").append(rejectedByKiln).append(", by error id (a model can have several): ").append(rejectedById)
                .append('\n');
        text.append("Rejected by javac alone (mutations that are not valid Java): ").append(rejectedByJavac).append('\n');
        text.append("Run (constructed, forward, one training step): ").append(ran).append("; too large to run in a test: ")
                .append(tooLargeToRun.size()).append('\n');
        new TreeSet<>(tooLargeToRun).forEach(name -> text.append("  too large: ").append(name).append('\n'));
        text.append("Seconds per origin (compile and run, summed over worker threads): ");
        seconds.forEach((origin, s) -> text.append(origin).append('=').append(Math.round(s)).append(' '));
        text.append('\n');
        text.append("Failures: ").append(failures.size()).append('\n');
        failures.forEach((name, what) -> text.append("  ").append(name).append(": ").append(what).append('\n'));
        return text.toString();
    }
}
