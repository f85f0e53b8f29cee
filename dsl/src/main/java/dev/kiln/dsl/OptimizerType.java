package dev.kiln.dsl;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The optimizers a model can declare with {@link Training}, with the facts about each that both the
 * processor (to check an annotation) and the runtime (to build the optimizer) need: the default
 * learning rate of the reference (section 9), whether the optimizer takes a learning rate at all,
 * and the form its "weight decay" takes. This enum is the one place those facts are stated; the
 * runtime's {@code dev.kiln.runtime.optim.OptimizerKind} builds each type's optimizer from them and
 * its hyperparameters from {@code Optimizers} (docs/optimizers.md).
 */
public enum OptimizerType {
    SGD(0.01, Decay.DECOUPLED),
    MOMENTUM(0.01, Decay.DECOUPLED),
    NESTEROV(0.01, Decay.DECOUPLED),
    ADAGRAD(0.01, Decay.DECOUPLED),
    RMSPROP(1e-3, Decay.DECOUPLED),
    ADADELTA(1.0, Decay.DECOUPLED),
    /** Its weight decay is the coupled L2 penalty: the decoupled variant is {@link #ADAMW}. */
    ADAM(1e-3, Decay.COUPLED),
    ADAMW(1e-3, Decay.DECOUPLED),
    AMSGRAD(1e-3, Decay.DECOUPLED),
    ADAMAX(2e-3, Decay.DECOUPLED),
    NADAM(1e-3, Decay.DECOUPLED),
    RADAM(1e-3, Decay.DECOUPLED),
    /** Adapts a step size per weight and takes no learning rate, so no decoupled decay to scale with one either. */
    RPROP(Rate.NONE, Decay.COUPLED),
    /** Has no default learning rate (the reference requires one); its lambda sits inside its moment (section 9.13). */
    LARS(Rate.REQUIRED, Decay.COUPLED),
    LAMB(1e-3, Decay.DECOUPLED),
    LION(1e-4, Decay.DECOUPLED);

    /** The form "weight decay" takes for an optimizer (reference section 8.2). */
    public enum Decay {
        /** {@code theta <- theta - lr lambda theta} beside the step, never in optimizer state. */
        DECOUPLED,
        /** The L2 penalty: {@code g <- g + lambda theta} before the update rule, so it enters the state. */
        COUPLED
    }

    /** How an optimizer without a default learning rate stands to one. */
    private enum Rate {
        /** It takes one, but has no default: one must be given. */
        REQUIRED,
        /** It takes none. */
        NONE
    }

    private final OptionalDouble defaultLearningRate;
    private final boolean takesLearningRate;
    private final Decay decay;

    OptimizerType(double defaultLearningRate, Decay decay) {
        this.defaultLearningRate = OptionalDouble.of(defaultLearningRate);
        this.takesLearningRate = true;
        this.decay = decay;
    }

    OptimizerType(Rate rate, Decay decay) {
        this.defaultLearningRate = OptionalDouble.empty();
        this.takesLearningRate = rate == Rate.REQUIRED;
        this.decay = decay;
    }

    /** False for {@link #RPROP}, whose step sizes are its own: no learning rate, schedule or warm-up applies. */
    public boolean takesLearningRate() {
        return takesLearningRate;
    }

    /** The reference's default learning rate; empty for LARS, which needs one given, and for RPROP, which takes none. */
    public OptionalDouble defaultLearningRate() {
        return defaultLearningRate;
    }

    /** The form of {@code @Training(weightDecay = ...)} for this optimizer. */
    public Decay decay() {
        return decay;
    }

    /** The type that decays this one's way but decoupled, where one exists: ADAMW for ADAM. */
    public Optional<OptimizerType> decoupledVariant() {
        return this == ADAM ? Optional.of(ADAMW) : Optional.empty();
    }
}
