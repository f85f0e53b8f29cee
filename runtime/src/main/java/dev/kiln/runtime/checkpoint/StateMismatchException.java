package dev.kiln.runtime.checkpoint;

import org.jspecify.annotations.Nullable;
/**
 * A checkpoint that is intact but does not fit what it was to be loaded into: another model class or
 * graph, other tensor names, shapes or dtypes, or optimizer state of another configuration. Nothing
 * was changed.
 */
public class StateMismatchException extends IllegalArgumentException {
    private final transient @Nullable LoadReport report;

    public StateMismatchException(String message, @Nullable LoadReport report) {
        super(message);
        this.report = report;
    }

    /** The name-by-name comparison, or null where the mismatch was not about tensors. */
    public @Nullable LoadReport report() {
        return report;
    }
}
