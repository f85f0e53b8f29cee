package dev.kiln.processor.read;

import dev.kiln.processor.ClassFileLimits;
import dev.kiln.processor.Message;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses, before expanding anything, a model whose blocks repeat into more layers than one
 * generated class can ever hold ({@link ClassFileLimits#MAX_LAYERS}): {@code repeat = 65536} must
 * be an error at the attribute, not minutes of expansion and then a class javac cannot write.
 * Counts are lower bounds (a residual unit's projection is not counted), so no model that could
 * fit is refused here; the planner's exact estimate catches models that come close.
 */
final class ExpansionLimit {
    private ExpansionLimit() {
    }

    /**
     * The stage blamed for a model that expands past the limit, after reporting it at its
     * {@code repeat}; empty when the model is within the limit or no stage can be blamed (then the
     * planner's estimate reports it).
     */
    static Optional<Declaration.Stage> check(List<Declaration> declarations, ReadContext context) {
        long total = 0;
        Declaration.Stage largest = null;
        long largestCount = -1;
        for (Declaration declaration : declarations) {
            long count = minimumLayers(declaration);
            total += count;
            if (declaration instanceof Declaration.Stage stage && count > largestCount) {
                largest = stage;
                largestCount = count;
            }
        }
        if (total <= ClassFileLimits.MAX_LAYERS || largest == null) {
            return Optional.empty();
        }
        int repeat = largest.repeat();
        context.diagnostics().report(Message.MODEL_TOO_LARGE,
                AnnotationSites.attribute(largest.field(), largest.annotation(), "repeat"),
                "use fewer units, or split the network into several models", context.modelName(),
                String.format(Locale.ROOT, "'%s' (repeat = %,d) expands to at least %,d layers and the model to at least %,d; "
                                + "a JVM class holds at most %,d constant-pool entries and each layer takes at least 3, so at most %,d layers",
                        largest.name(), repeat, largestCount, total, ClassFileLimits.CONSTANT_POOL, ClassFileLimits.MAX_LAYERS));
        return Optional.of(largest);
    }

    /** Graph nodes the declaration expands to at least: a unit's branch and its join, per unit. */
    private static long minimumLayers(Declaration declaration) {
        if (declaration instanceof Declaration.Stage stage) {
            return (long) stage.repeat() * (stage.block().size() + 1);
        }
        if (declaration instanceof Declaration.Transition) {
            return 4;
        }
        return 1;
    }
}
