package dev.kiln.runtime.optim;

/**
 * A learning-rate schedule: a pure function of the base learning rate {@code eta0}, the number of
 * completed updates {@code s = t - 1} and the number of completed epochs {@code e} (reference
 * sections 1.2 and 11), so update 1 uses {@code learningRate(eta0, 0, 0)}. Holding no state, a
 * schedule needs nothing saved to resume and can be shared. Reduce-on-plateau, which does hold
 * state, is a multiplier the optimizer keeps on top ({@link ReduceOnPlateau}).
 */
@FunctionalInterface
public interface Schedule {

    /** The learning rate of the update after {@code s} completed updates and {@code e} completed epochs. */
    double learningRate(double base, long s, int e);
}
