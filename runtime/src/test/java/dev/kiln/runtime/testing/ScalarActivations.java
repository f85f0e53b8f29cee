package dev.kiln.runtime.testing;

import dev.kiln.dsl.Activation;
import org.apache.commons.math3.special.Erf;

/**
 * Independent scalar formulas for every activation and its derivative (reference §3), written
 * from the table with java.lang.Math, to compare the array kernels against.
 */
public final class ScalarActivations {
    public static final double SELU_ALPHA = 1.6732632423543772;
    public static final double SELU_LAMBDA = 1.0507009873554805;

    private ScalarActivations() {
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }

    public static double phi(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2.0));
    }

    public static double value(Activation kind, double p, double x) {
        return switch (kind) {
            case IDENTITY -> x;
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            case RELU -> Math.max(0.0, x);
            case LEAKY_RELU -> x > 0 ? x : p * x;
            case ELU -> x > 0 ? x : p * Math.expm1(x);
            case SELU -> SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
            case GELU -> x * phi(x);
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case SWISH -> x * sigmoid(p * x);
            case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        };
    }

    public static double derivative(Activation kind, double p, double x) {
        return switch (kind) {
            case IDENTITY -> 1.0;
            case SIGMOID -> sigmoid(x) * (1 - sigmoid(x));
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
            case RELU -> x > 0 ? 1.0 : 0.0;
            case LEAKY_RELU -> x > 0 ? 1.0 : p;
            case ELU -> x > 0 ? 1.0 : p * Math.exp(x);
            case SELU -> x > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(x);
            case GELU -> phi(x) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            case GELU_TANH -> {
                double c = Math.sqrt(2 / Math.PI);
                double t = Math.tanh(c * (x + 0.044715 * x * x * x));
                yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 0.134145 * x * x);
            }
            case SWISH -> sigmoid(p * x) + p * x * sigmoid(p * x) * (1 - sigmoid(p * x));
            case SOFTPLUS -> sigmoid(x);
        };
    }
}
