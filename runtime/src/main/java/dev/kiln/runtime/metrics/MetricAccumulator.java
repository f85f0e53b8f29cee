package dev.kiln.runtime.metrics;

import dev.kiln.dsl.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gathers the metrics of a task batch by batch: {@link #add} takes each batch's model outputs
 * (logits or scores for the classification losses, predictions for regression) and targets, and
 * {@link #values} computes the metrics of everything added since the last {@link #reset}. Adding
 * creates no ND4J array, so the trainer can take the training metrics every step.
 */
public interface MetricAccumulator {

    /** Whether the accumulator computes everything or only what is cheap enough for every training step. */
    enum Scope {
        /** Every metric of the task (confusion matrix, top-k, ROC AUC): for evaluation. */
        EVALUATION,
        /** Accuracy, or MSE and MAE, and what follows from counts: for the training loop's running numbers. */
        TRAINING
    }

    /** The accumulator of the task {@code loss} trains, for {@code outputs} output units. */
    static MetricAccumulator forLoss(Loss loss, int outputs, Scope scope) {
        return switch (Task.of(loss)) {
            case REGRESSION -> new RegressionMetrics(outputs);
            case MULTICLASS -> new MulticlassMetrics(outputs, scope);
            case BINARY -> new BinaryMetrics(BinaryMetrics.DEFAULT_THRESHOLD, scope);
        };
    }

    Task task();

    /** Adds a batch: {@code outputs} and {@code targets} of one shape {@code [n, K]}. */
    void add(INDArray outputs, INDArray targets);

    /** Examples added since the last reset. */
    long examples();

    /** The metrics of everything added; NaN values where nothing was added. */
    MetricValues values();

    /**
     * The running numbers of a training-scope accumulator (counts and sums, each exact in a double):
     * what a checkpoint taken in the middle of an epoch saves, so that the resumed epoch reports
     * what an uninterrupted one would. {@link #restore} takes it back.
     *
     * @throws IllegalStateException for an evaluation-scope classifier, whose scores are not kept
     */
    double[] state();

    /** Sets the running numbers to {@code state}, from {@link #state} of an accumulator of the same task and width. */
    void restore(double[] state);

    /** Forgets what was added; buffers are kept for the next epoch. */
    void reset();

    /** The running numbers for a progress bar, after the loss: {@code acc 91.20%} or {@code rmse 0.1234}. */
    String progress();
}
