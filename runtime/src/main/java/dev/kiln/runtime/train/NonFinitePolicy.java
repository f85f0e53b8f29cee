package dev.kiln.runtime.train;

/** What the trainer does when a step's loss or gradient is NaN or infinite (reference section 13). */
public enum NonFinitePolicy {
    /** Throw {@link NonFiniteLossException} before the update is applied. The default. */
    STOP,
    /**
     * Leave that step's update out and go on; the skipped steps are counted per epoch
     * ({@link EpochResult#skippedSteps()}) and left out of the epoch's loss and accuracy.
     */
    SKIP
}
