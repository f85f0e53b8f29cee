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
    /** One cycle over {@code horizonSteps}, peaking at the base rate after {@link #ONE_CYCLE_RISE} of them. */
    ONE_CYCLE;

    /** The share of one cycle's horizon spent rising to the peak, {@code round(0.3 horizon)} updates. */
    public static final double ONE_CYCLE_RISE = 0.3;

    /**
     * The fewest {@code horizonSteps} the schedule runs over: 0 for CONSTANT (it has none), 1 for
     * COSINE and LINEAR, and for ONE_CYCLE the smallest horizon with a rising and a falling phase of
     * at least one update each (2).
     */
    public long minimumHorizon() {
        return switch (this) {
            case CONSTANT -> 0;
            case COSINE, LINEAR -> 1;
            case ONE_CYCLE -> {
                long horizon = 1;
                while (Math.round(ONE_CYCLE_RISE * horizon) < 1 || Math.round(ONE_CYCLE_RISE * horizon) >= horizon) {
                    horizon++;
                }
                yield horizon;
            }
        };
    }
}
