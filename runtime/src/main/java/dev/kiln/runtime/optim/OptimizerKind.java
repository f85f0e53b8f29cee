package dev.kiln.runtime.optim;

import dev.kiln.dsl.OptimizerType;

import java.util.function.DoubleFunction;

/**
 * Every optimizer a model annotation can name ({@link OptimizerType}), as the factory that builds it:
 * what generated code calls, {@code OptimizerKind.ADAMW.create(1e-3)} or {@code OptimizerKind.ADAMW.create()}
 * for the default rate. The facts about each (default learning rate, whether it takes one, the form of
 * its weight decay) are {@link OptimizerType}'s; the hyperparameters are {@link Optimizers}'.
 */
public enum OptimizerKind {
    SGD(OptimizerType.SGD, Optimizers::sgd),
    MOMENTUM(OptimizerType.MOMENTUM, Optimizers::momentum),
    NESTEROV(OptimizerType.NESTEROV, Optimizers::nesterov),
    ADAGRAD(OptimizerType.ADAGRAD, Optimizers::adaGrad),
    RMSPROP(OptimizerType.RMSPROP, Optimizers::rmsProp),
    ADADELTA(OptimizerType.ADADELTA, Optimizers::adadelta),
    ADAM(OptimizerType.ADAM, Optimizers::adam),
    ADAMW(OptimizerType.ADAMW, Optimizers::adamW),
    AMSGRAD(OptimizerType.AMSGRAD, Optimizers::amsGrad),
    ADAMAX(OptimizerType.ADAMAX, Optimizers::adamax),
    NADAM(OptimizerType.NADAM, Optimizers::nadam),
    RADAM(OptimizerType.RADAM, Optimizers::radam),
    /** Takes no learning rate: the rate given to {@code create} is the initial step size Delta0, by default the reference's. */
    RPROP(OptimizerType.RPROP, Optimizers::rprop),
    /** Has no default learning rate: the reference requires one. */
    LARS(OptimizerType.LARS, Optimizers::lars),
    LAMB(OptimizerType.LAMB, Optimizers::lamb),
    LION(OptimizerType.LION, Optimizers::lion);

    private final OptimizerType type;
    private final DoubleFunction<OptimizerChain> factory;

    OptimizerKind(OptimizerType type, DoubleFunction<OptimizerChain> factory) {
        this.type = type;
        this.factory = factory;
    }

    /** The kind that builds {@code type}. */
    public static OptimizerKind of(OptimizerType type) {
        return valueOf(type.name());
    }

    /** The annotation's name for this optimizer, which holds its facts. */
    public OptimizerType type() {
        return type;
    }

    /**
     * The reference's default learning rate ({@link OptimizerType#defaultLearningRate()}), NaN for LARS
     * (which needs one given); for Rprop, which takes none, its default initial step size Delta0.
     */
    public double defaultLearningRate() {
        if (!type.takesLearningRate()) {
            return Optimizers.RPROP.initialStep();
        }
        return type.defaultLearningRate().orElse(Double.NaN);
    }

    /**
     * Whether "weight decay" is decoupled for this kind in {@link #create(double, double)}
     * ({@link OptimizerType#decay()}): it is exact for SGD and the right choice for adaptive methods,
     * where an L2 gradient is divided away (reference section 8.2), except for Adam, whose decoupled
     * variant is its own kind, AdamW; Rprop, which has no learning rate to scale a decoupled decay;
     * and LARS, whose definition puts lambda inside its moment (section 9.13).
     */
    public boolean decoupledDecay() {
        return type.decay() == OptimizerType.Decay.DECOUPLED;
    }

    /** The optimizer with the default learning rate. */
    public OptimizerChain create() {
        double rate = defaultLearningRate();
        if (Double.isNaN(rate)) {
            throw new IllegalArgumentException(this + " has no default learning rate; give one: create(rate)");
        }
        return create(rate);
    }

    /** The optimizer with learning rate {@code learningRate} and the reference's other defaults. */
    public OptimizerChain create(double learningRate) {
        return factory.apply(learningRate);
    }

    /** The optimizer with a weight decay in this kind's form, see {@link #decoupledDecay()}. */
    public OptimizerChain create(double learningRate, double weightDecay) {
        OptimizerChain chain = create(learningRate);
        return decoupledDecay() ? chain.weightDecay(weightDecay) : chain.l2(weightDecay);
    }
}
