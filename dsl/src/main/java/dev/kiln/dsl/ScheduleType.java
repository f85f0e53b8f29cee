package dev.kiln.dsl;

/**
 * Learning-rate schedules a model can declare with {@link Training}; the runtime's
 * {@code dev.kiln.runtime.optim.ScheduleKind} has one constant of the same name for each. The
 * full catalog (step, exponential, warm restarts, plateau, ...) is available from code.
 */
public enum ScheduleType {
    /** The base learning rate throughout. */
    CONSTANT,
    /** Cosine from the base rate to 0 over {@code horizonSteps}. */
    COSINE,
    /** Linear from the base rate to 0 over {@code horizonSteps}. */
    LINEAR,
    /** One cycle over {@code horizonSteps}, peaking at the base rate. */
    ONE_CYCLE
}
