package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their gradients. Optimizers keep per-parameter state (keyed by
 * {@link Parameter#name()}) and a step counter t = 1, 2, ... (reference section 1.2), allocate
 * their state on the first step and nothing afterwards, and expose all state for checkpoints.
 */
public interface Optimizer {

    /** Applies one update to every parameter, in place. */
    void step(List<Parameter> parameters);

    /** Number of updates applied so far. */
    long stepCount();

    /**
     * All state as named arrays (e.g. {@code fc1.W/velocity}, and the step counter as a scalar
     * {@code t}), enough to resume bit-for-bit. The arrays are copies.
     */
    Map<String, INDArray> saveState();

    /** Restores state written by {@link #saveState()}. */
    void loadState(Map<String, INDArray> state);
}
