package dev.kiln.runtime.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * One link of an {@link OptimizerChain}: clipping, weight decay, an adaptive scaling, momentum, a
 * trust ratio, the learning rate. Each step the chain copies every gradient into its parameter's
 * {@linkplain ParameterSlot#update() update buffer}, runs every transform over every parameter in
 * chain order, and finally adds the update to the parameter.
 *
 * <p>A transform is immutable configuration; its per-parameter state (moments, velocities, step
 * sizes) lives in arrays of the parameter's slot ({@link SlotState}). Transforms change arrays in
 * place and must not create arrays per step. They only rewrite the update: what reads the
 * parameters after it is written (the parameter average) is not a link.
 */
public interface GradientTransform extends SlotState {

    /** Scratch arrays shaped like the parameter that {@link #apply} may overwrite freely. */
    default int scratchArrays() {
        return 0;
    }

    /** Called once per step with every updated parameter before any {@link #apply}, for global quantities. */
    default void prepare(StepContext step, List<ParameterSlot> slots) {
    }

    /** Transforms {@code slot.update()} in place, reading and updating this transform's {@code state}. */
    void apply(StepContext step, ParameterSlot slot, INDArray[] state);

    /**
     * What a link does in a chain, which decides where it may stand ({@link ChainRules}): the
     * validation of a composed chain and the places the named optimizers' options go follow from it.
     */
    enum Role {
        /** Rescales or averages the direction with per-parameter moment state (Adam, RMSProp, AdaGrad, Lion, LARS's moment): at most one per chain. */
        MOMENTS,
        /** Rescales each tensor's direction by a ratio of norms (the LARS/LAMB trust ratio): before the step. */
        LAYERWISE,
        /** Turns the direction into the step with the learning rate (-lr scaling, momentum, Nesterov): exactly one per chain, with {@link #SELF_SIZED_STEP}. */
        STEP,
        /** Turns the direction into the step with step sizes of its own (Rprop): the chain takes no learning rate. */
        SELF_SIZED_STEP,
        /** Adds {@code lambda theta}: the L2 gradient before the moments, decoupled decay after them. At most one. */
        DECAY,
        /** Anything else, e.g. clipping: may stand anywhere. */
        OTHER
    }

    /** This link's role; {@link Role#OTHER} unless it says otherwise. */
    default Role role() {
        return Role.OTHER;
    }
}
