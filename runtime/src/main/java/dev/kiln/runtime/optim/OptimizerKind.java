package dev.kiln.runtime.optim;

import java.util.function.DoubleFunction;

/**
 * Every optimizer by name, with its default learning rate (reference section 9): what a model
 * annotation can name and generated code can turn into an optimizer,
 * {@code OptimizerKind.ADAMW.create(1e-3)} or {@code OptimizerKind.ADAMW.create()} for the default rate.
 */
public enum OptimizerKind {
    SGD(0.01, true, Optimizers::sgd),
    MOMENTUM(0.01, true, Optimizers::momentum),
    NESTEROV(0.01, true, Optimizers::nesterov),
    ADAGRAD(0.01, true, Optimizers::adaGrad),
    RMSPROP(1e-3, true, Optimizers::rmsProp),
    ADADELTA(1.0, true, Optimizers::adadelta),
    ADAM(1e-3, false, Optimizers::adam),
    ADAMW(1e-3, true, Optimizers::adamW),
    AMSGRAD(1e-3, true, Optimizers::amsGrad),
    ADAMAX(2e-3, true, Optimizers::adamax),
    NADAM(1e-3, true, Optimizers::nadam),
    RADAM(1e-3, true, Optimizers::radam),
    /** Takes no learning rate: {@code create(rate)} uses the rate as the initial step size Delta0. */
    /** Takes no learning rate: the rate given to {@code create} is the initial step size Delta0. */
    RPROP(Optimizers.RPROP.initialStep(), false, Optimizers::rprop),
    /** Has no default learning rate: the reference requires one. */
    LARS(Double.NaN, false, Optimizers::lars),
    LAMB(1e-3, true, Optimizers::lamb),
    LION(1e-4, true, Optimizers::lion);

    private final double defaultLearningRate;
    private final boolean decoupledDecay;
    private final DoubleFunction<OptimizerChain> factory;

    OptimizerKind(double defaultLearningRate, boolean decoupledDecay, DoubleFunction<OptimizerChain> factory) {
        this.defaultLearningRate = defaultLearningRate;
        this.decoupledDecay = decoupledDecay;
        this.factory = factory;
    }

    /** The reference's default learning rate, NaN for LARS (which needs one given). */
    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    /**
     * Which form "weight decay" takes for this kind in {@link #create(double, double)}: decoupled
     * (reference section 8.2: it is exact for SGD and the right choice for adaptive methods, where an
     * L2 gradient is divided away) except for Adam, whose decoupled variant is its own kind, AdamW;
     * Rprop, which has no learning rate to scale a decoupled decay; and LARS, whose definition puts
     * lambda inside its moment (section 9.13). Those three take the coupled L2 penalty.
     */
    public boolean decoupledDecay() {
        return decoupledDecay;
    }

    /** The optimizer with the default learning rate. */
    public OptimizerChain create() {
        if (Double.isNaN(defaultLearningRate)) {
            throw new IllegalArgumentException(this + " has no default learning rate; give one: create(rate)");
        }
        return create(defaultLearningRate);
    }

    /** The optimizer with learning rate {@code learningRate} and the reference's other defaults. */
    public OptimizerChain create(double learningRate) {
        return factory.apply(learningRate);
    }

    /** The optimizer with a weight decay in this kind's form, see {@link #decoupledDecay()}. */
    public OptimizerChain create(double learningRate, double weightDecay) {
        OptimizerChain chain = create(learningRate);
        return decoupledDecay ? chain.weightDecay(weightDecay) : chain.l2(weightDecay);
    }
}
