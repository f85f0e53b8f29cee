package dev.kiln.runtime.train;

/**
 * Training produced a NaN or infinite loss or gradient. The update of that step was not applied,
 * so the model holds the parameters of the last good step.
 */
public final class NonFiniteLossException extends ArithmeticException {
    private final int epoch;
    private final int step;

    public NonFiniteLossException(String message, int epoch, int step) {
        super(message);
        this.epoch = epoch;
        this.step = step;
    }

    /** 1-based epoch in which it happened. */
    public int epoch() {
        return epoch;
    }

    /** 1-based step (batch) within the epoch. */
    public int step() {
        return step;
    }
}
