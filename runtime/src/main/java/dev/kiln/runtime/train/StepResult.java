package dev.kiln.runtime.train;

/**
 * One training step as listeners hear of it.
 *
 * @param epoch          1-based
 * @param step           1-based within the epoch
 * @param stepsPerEpoch  steps in every epoch
 * @param update         the optimizer's update count after this step (skipped steps do not count)
 * @param loss           the batch's training loss; NaN for a step skipped as non-finite
 * @param learningRate   the learning rate this step's update used (NaN for optimizers without one)
 * @param batchSize      examples in the batch
 */
public record StepResult(int epoch, int step, int stepsPerEpoch, long update, double loss, double learningRate,
                         int batchSize) {

    /** Whether the step was left out under {@link NonFinitePolicy#SKIP}. */
    public boolean skipped() {
        return Double.isNaN(loss);
    }
}
