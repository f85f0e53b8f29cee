package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their gradients. Optimizers keep per-parameter state (keyed by
 * {@link Parameter#name()}) and a step counter t = 1, 2, ... (reference section 1.2), allocate
 * their state on the first step and nothing afterwards, and expose all state for checkpoints.
 *
 * <p>The training loop tells the optimizer what schedules and plateau detection need: every
 * training loss ({@link #observeLoss}) and the end of every epoch ({@link #onEpochEnd}).
 */
public interface Optimizer {

    /** Applies one update to every parameter, in place. */
    void step(List<Parameter> parameters);

    /** Number of updates applied so far. */
    long stepCount();

    /**
     * All state as named arrays (e.g. {@code fc1.W/momentum.v}, and the step counter as a scalar
     * {@code t}), enough to resume bit-for-bit. The arrays are copies.
     */
    Map<String, INDArray> saveState();

    /** Restores state written by {@link #saveState()}. */
    void loadState(Map<String, INDArray> state);

    /** The learning rate the next update will use (after schedules), or NaN if the optimizer has none. */
    default double learningRate() {
        return Double.NaN;
    }

    /** The training loss of the batch whose gradients the next {@link #step} applies. */
    default void observeLoss(double trainingLoss) {
    }

    /**
     * Epoch {@code epoch} (1-based) has ended, so {@code epoch} epochs are complete.
     *
     * @param validationLoss the loss on held-out data after the epoch, NaN when there is none
     */
    default void onEpochEnd(int epoch, double validationLoss) {
    }

    /** Whether the method is only sound on full-batch gradients (Rprop), so mini-batches deserve a warning. */
    default boolean needsFullBatch() {
        return false;
    }
}
