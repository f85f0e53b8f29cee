package dev.kiln.ir;

import dev.kiln.dsl.Activation;

/** An activation together with its parameter (NaN for activations that take none). */
public record ActivationFunction(Activation kind, double parameter) {

    public static final ActivationFunction IDENTITY = new ActivationFunction(Activation.IDENTITY, Double.NaN);

    /** The activation with its parameter resolved: an unset parameter becomes the default. */
    public static ActivationFunction of(Activation kind, double parameter) {
        double resolved = kind.hasParameter() && Double.isNaN(parameter) ? kind.defaultParameter() : parameter;
        return new ActivationFunction(kind, kind.hasParameter() ? resolved : Double.NaN);
    }

    public static ActivationFunction of(Activation kind) {
        return of(kind, Double.NaN);
    }

    public boolean isIdentity() {
        return kind == Activation.IDENTITY;
    }

    /**
     * Initialization gain (reference sections 3 and 5): 1 for identity and sigmoid, 5/3 for tanh,
     * sqrt(2/(1 + slope^2)) for leaky ReLU, 3/4 for SELU, sqrt(2) for ReLU and for the smooth ReLU
     * variants that have no entry in the common gain table.
     */
    public double gain() {
        return switch (kind) {
            case IDENTITY, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case LEAKY_RELU -> Math.sqrt(2.0 / (1.0 + parameter * parameter));
            case SELU -> 0.75;
            case RELU, ELU, GELU, GELU_TANH, SWISH, SOFTPLUS -> Math.sqrt(2.0);
        };
    }

    @Override
    public String toString() {
        return kind.describe(parameter);
    }
}
