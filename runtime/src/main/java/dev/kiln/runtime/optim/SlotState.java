package dev.kiln.runtime.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Something that keeps arrays shaped like each parameter in the parameter's {@link ParameterSlot}:
 * every link of a chain ({@link GradientTransform}) and the parameter average beside it
 * ({@link ParameterAverage}). The chain allocates them zero-filled on the parameter's first step,
 * names them after {@link #stateNames()} and saves them under {@code <parameter>/<id>.<state name>},
 * e.g. {@code fc1.W/adam.m}.
 */
public interface SlotState {

    /** Short name used in state keys and messages, e.g. {@code adam}; unique within a chain. */
    String id();

    /** Names of the per-parameter state arrays, each shaped like the parameter; none by default. */
    default List<String> stateNames() {
        return List.of();
    }

    /** Sets the state of a parameter seen for the first time; the arrays start as zeros. */
    default void initialize(ParameterSlot slot, INDArray[] state) {
    }
}
