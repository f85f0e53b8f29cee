package dev.kiln.runtime.optim;

/**
 * The step being taken (reference section 1.2): update number t = 1, 2, ..., completed epochs e,
 * and the scheduled learning rate of this update before per-group scaling. One mutable instance per
 * optimizer, reused every step.
 */
public final class StepContext {
    private long t;
    private int epoch;
    private double learningRate;

    void set(long t, int epoch, double learningRate) {
        this.t = t;
        this.epoch = epoch;
        this.learningRate = learningRate;
    }

    /** 1-based number of this update: what bias corrections use. */
    public long t() {
        return t;
    }

    /** Updates completed before this one, {@code t - 1}: what schedules use. */
    public long completedSteps() {
        return t - 1;
    }

    /** Completed epochs. */
    public int epoch() {
        return epoch;
    }

    /** The scheduled learning rate of this update, before a parameter group's scale. */
    public double learningRate() {
        return learningRate;
    }
}
