package dev.kiln.runtime.train;

import org.jspecify.annotations.Nullable;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.optim.Optimizer;

/**
 * Why a training step was rejected, found in the order that names the cause: a non-finite value in
 * the batch (features, then targets), then in a parameter, and only then a loss or gradient that
 * overflowed from finite inputs, which is what a learning rate that is too high does, or a running
 * statistic that overflowed while the loss stayed finite.
 *
 * @param cause what is not finite
 * @param row   the batch row (example) holding the non-finite feature or target; -1 for the other causes
 * @param layer the layer named: of the non-finite parameter or state buffer, or the first with a non-finite gradient; null otherwise
 * @param what  the finding, e.g. {@code the features of example 3 of the batch are not finite: column 17 is NaN}
 */
public record StepRejection(Cause cause, long row, @Nullable String layer, String what) {

    public enum Cause {
        FEATURES, TARGETS, PARAMETER, LOSS_OR_GRADIENT,
        /** A running statistic became non-finite while the loss and the gradients stayed finite. */
        STATE
    }

    /** The advice for the cause: fix the data, restore the weights, or lower the learning rate. */
    String advice(Optimizer optimizer) {
        return switch (cause) {
            case FEATURES, TARGETS -> "; the data is at fault, not the training: clean or drop such examples (e.g. replace NaN"
                    + " pixels, check the loading and any preprocessing that divides by a zero range)";
            case PARAMETER -> "; the model's weights are broken, so every later step would fail too: restore them from a"
                    + " checkpoint or create the model again";
            case STATE -> "; the layer's input overflowed on this batch: check the scale of the inputs (standardize them),"
                    + " and lower the learning rate if the weights have grown large";
            case LOSS_OR_GRADIENT -> Double.isNaN(optimizer.learningRate())
                    ? "; " + optimizer + " has no learning rate; the batch and the parameters are finite, so the overflow"
                    + " comes from the model's arithmetic on them"
                    : "; the batch and the parameters are finite, so the overflow comes from the updates: with learning rate "
                    + optimizer.learningRate() + ", a learning rate that is too high is the usual cause: try a lower one (e.g."
                    + " 10x smaller) in " + optimizer;
        };
    }

    /** The exception for a step outside the trainer ({@link KilnNet#trainStep}). */
    NonFiniteLossException exception(KilnNet net, Optimizer optimizer) {
        return new NonFiniteLossException(net.graph().name() + ": training step rejected (it would have been update "
                + (optimizer.stepCount() + 1) + "): " + what + advice(optimizer) + ". The model and the optimizer are as"
                + " they were before the step.", 0, 0, layer, optimizer.learningRate());
    }
}
