package dev.kiln.runtime.optim;

import dev.kiln.dsl.OptimizerType;

/**
 * Plain stochastic gradient descent, {@code theta <- theta - lr g}: {@link Optimizers#sgd} under its
 * own name, configurable like any {@link OptimizerChain}.
 */
public final class Sgd extends OptimizerChain {
    /** Reference section 9: Kiln's default learning rate for SGD, as {@link OptimizerType#SGD} states it. */
    public static final double DEFAULT_LEARNING_RATE = OptimizerType.SGD.defaultLearningRate().orElseThrow();

    public Sgd(double learningRate) {
        super(Optimizers.sgd(learningRate).rule(), learningRate);
    }

    public Sgd() {
        this(DEFAULT_LEARNING_RATE);
    }
}
