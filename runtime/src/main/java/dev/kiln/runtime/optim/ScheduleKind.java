package dev.kiln.runtime.optim;

/**
 * The schedules a model annotation can name with one number, the horizon in updates:
 * {@code ScheduleKind.COSINE.create(10_000)}. Put {@link Schedules#warmup(long, Schedule)} in front
 * for a warm-up; other schedules and shapes come from {@link Schedules}.
 */
public enum ScheduleKind {
    /** eta0 throughout; the horizon is ignored. */
    CONSTANT,
    /** Cosine from eta0 to 0 over the horizon. */
    COSINE,
    /** Linear from eta0 to 0 over the horizon. */
    LINEAR,
    /** One cycle over the horizon with eta0 as the peak. */
    ONE_CYCLE;

    public Schedule create(long horizonSteps) {
        return switch (this) {
            case CONSTANT -> Schedules.constant();
            case COSINE -> Schedules.cosine(horizonSteps, 0);
            case LINEAR -> Schedules.linear(horizonSteps, 0);
            case ONE_CYCLE -> Schedules.oneCycle(horizonSteps);
        };
    }

    /** With a linear warm-up of {@code warmupSteps} in front (none for 0). */
    public Schedule create(long horizonSteps, long warmupSteps) {
        Schedule schedule = create(horizonSteps);
        return warmupSteps == 0 ? schedule : Schedules.warmup(warmupSteps, schedule);
    }
}
