package dev.kiln.runtime.train;

/**
 * Hears a {@link Trainer}'s progress: add with {@code Trainer.listener(...)}. Every method does
 * nothing unless overridden; they are called in this order:
 * {@code onFitStart, (onEpochStart, onStep..., onEvaluation, onEpochEnd)..., onFitEnd}. A resumed
 * fit starts with the epoch in progress (onEpochStart is called for it) and never repeats a step.
 * Built in: {@link CheckpointSaver}, {@link EarlyStopping}, {@link MetricsLog}, {@link TrainingCurves}.
 */
public interface TrainingListener {

    default void onFitStart(TrainingContext context) {
    }

    default void onEpochStart(TrainingContext context, int epoch) {
    }

    /** After the step's update (or its skipping): the model's gradients are still those of the step. */
    default void onStep(TrainingContext context, StepResult step) {
    }

    /** After the held-out evaluation of an epoch, before its result is complete; not called without held-out data. */
    default void onEvaluation(TrainingContext context, int epoch, Evaluation heldOut) {
    }

    default void onEpochEnd(TrainingContext context, EpochResult result) {
    }

    /** After the last epoch, or after a listener stopped the fit. */
    default void onFitEnd(TrainingContext context, TrainingHistory history) {
    }
}
