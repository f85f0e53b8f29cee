package dev.kiln.dsl;

/**
 * The optimizers a model can declare with {@link Training}; the runtime's
 * {@code dev.kiln.runtime.optim.OptimizerKind} has one constant of the same name for each, with
 * the reference defaults (docs/optimizers.md).
 */
public enum OptimizerType {
    SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADADELTA, ADAM, ADAMW, AMSGRAD, ADAMAX, NADAM, RADAM, RPROP, LARS, LAMB, LION
}
