package dev.kiln.runtime.optim;

/**
 * Reduce-on-plateau (reference section 11): a multiplier on top of the schedule, checked at every
 * epoch end. The monitored value is the held-out loss when the training loop has held-out data
 * (unless {@link #monitorTrainingLoss()}), otherwise the bias-corrected moving average of the
 * training loss, {@code l <- 0.98 l + 0.02 l_t} reported as {@code l / (1 - 0.98^t)}. An evaluation
 * improves when {@code value < best (1 - threshold)}. After {@code patience + 1} evaluations in a
 * row without improvement the multiplier is multiplied by {@code factor}, floored so that the
 * base rate times it stays at least {@code minLearningRate}, the count restarts, and the next
 * {@code cooldown} evaluations are not counted. Immutable; each setter returns a copy.
 *
 * @param factor               multiplier per reduction, in (0, 1)
 * @param patience             evaluations without improvement that are tolerated
 * @param threshold            relative improvement needed
 * @param cooldown             evaluations ignored after a reduction
 * @param minLearningRate      floor of base rate times multiplier
 * @param trainingLossOnly     whether to use the training-loss average even when a held-out loss is given
 */
public record ReduceOnPlateau(double factor, int patience, double threshold, int cooldown, double minLearningRate,
                              boolean trainingLossOnly) {

    /** Weight of the previous average in the training-loss average. */
    public static final double LOSS_AVERAGE_DECAY = 0.98;

    public ReduceOnPlateau {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("plateau factor must be in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("patience and cooldown must not be negative, got " + patience
                    + " and " + cooldown);
        }
        Checks.notNegative("threshold", threshold);
        Checks.notNegative("minimum learning rate", minLearningRate);
    }

    /** factor 0.1, patience 10, threshold 1e-4, no cooldown, no floor, held-out loss when given. */
    public static ReduceOnPlateau defaults() {
        return new ReduceOnPlateau(0.1, 10, 1e-4, 0, 0, false);
    }

    public ReduceOnPlateau factor(double value) {
        return new ReduceOnPlateau(value, patience, threshold, cooldown, minLearningRate, trainingLossOnly);
    }

    public ReduceOnPlateau patience(int value) {
        return new ReduceOnPlateau(factor, value, threshold, cooldown, minLearningRate, trainingLossOnly);
    }

    public ReduceOnPlateau threshold(double value) {
        return new ReduceOnPlateau(factor, patience, value, cooldown, minLearningRate, trainingLossOnly);
    }

    public ReduceOnPlateau cooldown(int value) {
        return new ReduceOnPlateau(factor, patience, threshold, value, minLearningRate, trainingLossOnly);
    }

    public ReduceOnPlateau minLearningRate(double value) {
        return new ReduceOnPlateau(factor, patience, threshold, cooldown, value, trainingLossOnly);
    }

    /** Monitors the moving average of the training loss even when a held-out loss is available. */
    public ReduceOnPlateau monitorTrainingLoss() {
        return new ReduceOnPlateau(factor, patience, threshold, cooldown, minLearningRate, true);
    }

    @Override
    public String toString() {
        return "reduceOnPlateau(x" + factor + ", patience " + patience + ", threshold " + threshold
                + (cooldown > 0 ? ", cooldown " + cooldown : "") + (minLearningRate > 0 ? ", min " + minLearningRate : "")
                + (trainingLossOnly ? ", training loss" : "") + ")";
    }
}
