package dev.kiln.dsl;

/**
 * Keys for {@code @SuppressWarnings} on a layer field, one per compile-time warning (and one
 * suppressible error, {@link #CONSTANT_INIT}). Example: {@code @SuppressWarnings(Lints.LINEAR_COLLAPSE)}
 * on a Dense layer that factorizes a linear map on purpose.
 */
public final class Lints {
    private Lints() {
    }

    /** The weight initializer does not suit the layer's activation (KILN-W001, KILN-W005, KILN-W006). */
    public static final String INIT_ACTIVATION = "kiln:init-activation";
    /** Two Dense layers with no nonlinearity between them collapse into one linear map (KILN-W002). */
    public static final String LINEAR_COLLAPSE = "kiln:linear-collapse";
    /** Sigmoid or tanh hidden activations in a deep stack (KILN-W003). */
    public static final String DEEP_SATURATING = "kiln:deep-saturating";
    /**
     * Constant weight initialization never breaks the symmetry between units: error KILN-E014
     * (formerly warning KILN-W004). Only this key on the layer's own field lets such a model compile.
     */
    public static final String CONSTANT_INIT = "kiln:constant-init";
    /**
     * A bias right before batch norm is redundant (KILN-W010); Kiln drops it. Suppressing the
     * warning keeps the bias.
     */
    public static final String BIAS_BEFORE_NORM = "kiln:bias-before-norm";

    /**
     * An activation on the output layer before a loss computed from logits (softmax or binary
     * cross-entropy), which applies its own softmax or sigmoid (KILN-W012).
     */
    public static final String LOGITS_ACTIVATION = "kiln:logits-activation";

    /** ADAM with weight decay applies it as an L2 penalty rather than decoupled decay (KILN-W011); on the model class. */
    public static final String ADAM_L2 = "kiln:adam-l2";
}
