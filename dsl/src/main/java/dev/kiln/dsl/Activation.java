package dev.kiln.dsl;

/**
 * Element-wise activation functions. Formulas, derivatives and defaults follow the Kiln numerical
 * reference, section 3. Some activations take one parameter (leaky ReLU's slope, ELU's alpha,
 * swish's beta); {@link #parameterName()} names it and {@link #defaultParameter()} gives its default.
 */
public enum Activation {
    IDENTITY(null, Double.NaN),
    SIGMOID(null, Double.NaN),
    TANH(null, Double.NaN),
    RELU(null, Double.NaN),
    /** x for x > 0, else slope * x, with 0 < slope < 1. */
    LEAKY_RELU("slope", 0.01),
    /** x for x > 0, else alpha * (e^x - 1). */
    ELU("alpha", 1.0),
    /** lambda * elu_alpha(x) with the self-normalizing constants at full precision. */
    SELU(null, Double.NaN),
    /** Exact GELU, x * Phi(x). */
    GELU(null, Double.NaN),
    /** GELU with the tanh approximation. */
    GELU_TANH(null, Double.NaN),
    /** Swish / SiLU, x * sigmoid(beta x). */
    SWISH("beta", 1.0),
    /** log(1 + e^x). */
    SOFTPLUS(null, Double.NaN);

    private final String parameterName;
    private final double defaultParameter;

    Activation(String parameterName, double defaultParameter) {
        this.parameterName = parameterName;
        this.defaultParameter = defaultParameter;
    }

    /** The name of this activation's parameter, or null when it takes none. */
    public String parameterName() {
        return parameterName;
    }

    public boolean hasParameter() {
        return parameterName != null;
    }

    /** The default value of the parameter; NaN when the activation takes none. */
    public double defaultParameter() {
        return defaultParameter;
    }

    /** Sigmoid and tanh saturate: their derivative vanishes for large |x|. */
    public boolean isSaturating() {
        return this == SIGMOID || this == TANH;
    }

    /** The activations Kaiming initialization is made for (reference section 5, Kiln defaults). */
    public boolean isReluFamily() {
        return switch (this) {
            case RELU, LEAKY_RELU, ELU, GELU, GELU_TANH, SWISH, SOFTPLUS -> true;
            default -> false;
        };
    }

    /** Lower-case name used in summaries, comments and messages, e.g. {@code leaky_relu(0.2)}. */
    public String describe(double parameter) {
        String base = name().toLowerCase(java.util.Locale.ROOT);
        if (!hasParameter()) {
            return base;
        }
        return base + "(" + parameterName + "=" + Numbers.compact(parameter) + ")";
    }
}
