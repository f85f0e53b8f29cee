package dev.kiln.runtime.train;

import org.jspecify.annotations.Nullable;

/**
 * Training produced a NaN or infinite loss or gradient. The update of that step was not applied,
 * so the model holds the parameters of the last good step.
 */
public final class NonFiniteLossException extends ArithmeticException {
    private final int epoch;
    private final int step;
    private final @Nullable String layer;
    private final double learningRate;

    public NonFiniteLossException(String message, int epoch, int step) {
        this(message, epoch, step, null, Double.NaN);
    }

    public NonFiniteLossException(String message, int epoch, int step, @Nullable String layer, double learningRate) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.layer = layer;
        this.learningRate = learningRate;
    }

    /** 1-based epoch in which it happened. */
    public int epoch() {
        return epoch;
    }

    /** 1-based step (batch) within the epoch. */
    public int step() {
        return step;
    }

    /** The first layer, in layer order, whose gradient is not finite; null when every gradient is finite. */
    public @Nullable String layer() {
        return layer;
    }

    /** The learning rate the rejected update would have used; NaN if the optimizer has none. */
    public double learningRate() {
        return learningRate;
    }
}
