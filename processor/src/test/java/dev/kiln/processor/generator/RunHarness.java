package dev.kiln.processor.generator;

import com.google.testing.compile.Compilation;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.ModelSummary;
import dev.kiln.ir.Shape;
import dev.kiln.ir.ShapeInference;
import dev.kiln.processor.GeneratedNets;
import dev.kiln.processor.GuardedCalls;
import dev.kiln.runtime.KilnNet;

import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Runs the nets of an accepted case ({@link GeneratedNets}): each is constructed in float64, runs
 * forward on a batch of 3 and takes one SGD step, with the checks of
 * {@link GeneratedNets#forwardAndTrainStep}, and every public call is checked to enter the concurrency
 * guard ({@link GuardedCalls}). A net whose parameters, work or activations are beyond
 * what a unit test should allocate and compute (an ImageNet-sized sample, {@code units = 65536}) is
 * left out and counted.
 */
final class RunHarness {
    static final long MAX_PARAMETERS = 500_000;
    static final long MAX_MULTIPLY_ADDS = 20_000_000;
    static final long MAX_ACTIVATIONS = 1_000_000;

    private RunHarness() {
    }

    /** {@link #run(Compilation, Case)} under {@code limit}: a net that hangs is a failure, not a stuck test. */
    static RunOutcome run(Compilation compilation, Case generated, TimeLimit limit) {
        try {
            return limit.call(() -> run(compilation, generated));
        } catch (TimeoutException e) {
            return new RunOutcome(RunOutcome.Kind.TIMEOUT, "no result after " + limit.seconds() + " s");
        } catch (ExecutionException e) {
            return new RunOutcome(RunOutcome.Kind.FAILED, describe(e.getCause()));
        }
    }

    static RunOutcome run(Compilation compilation, Case generated) {
        boolean anyTooLarge = false;
        for (String net : nets(compilation, generated)) {
            try {
                Class<?> type = GeneratedNets.load(compilation, net);
                ModelGraph graph = (ModelGraph) type.getField("GRAPH").get(null);
                if (tooLarge(graph)) {
                    anyTooLarge = true;
                    continue;
                }
                KilnNet constructed = GeneratedNets.construct(type);
                GeneratedNets.forwardAndTrainStep(constructed);
                GuardedCalls.assertRefusedWhileAnotherThreadTrains(constructed);
            } catch (ReflectiveOperationException | RuntimeException | AssertionError | OutOfMemoryError e) {
                return new RunOutcome(RunOutcome.Kind.FAILED, net + ": " + describe(e));
            }
        }
        return new RunOutcome(anyTooLarge ? RunOutcome.Kind.TOO_LARGE_TO_RUN : RunOutcome.Kind.RAN, "");
    }

    /** The case's generated nets, by the qualified names of the generated sources. */
    static List<String> nets(Compilation compilation, Case generated) {
        List<String> nets = new ArrayList<>();
        for (JavaFileObject file : compilation.generatedSourceFiles()) {
            String path = file.toUri().getPath();
            String name = path.substring(path.indexOf("/SOURCE_OUTPUT/") + "/SOURCE_OUTPUT/".length(), path.length() - ".java".length());
            if (!generated.compilesWithOthers() || generated.owns(name.substring(name.lastIndexOf('/') + 1))) {
                nets.add(name.replace('/', '.'));
            }
        }
        return nets;
    }

    private static boolean tooLarge(ModelGraph graph) {
        ModelSummary summary = ModelSummary.of(graph);
        long activations = 0;
        for (Shape shape : ShapeInference.infer(graph).outputs()) {
            activations += shape == null ? 0 : shape.size();
        }
        return summary.totalParameters() > MAX_PARAMETERS || summary.totalMultiplyAdds() > MAX_MULTIPLY_ADDS
                || activations > MAX_ACTIVATIONS;
    }

    /** The innermost cause's class and message, where an assertion or a constructor wraps it. */
    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " <- " + cause;
        return e.getClass().getSimpleName() + ": " + message;
    }
}
