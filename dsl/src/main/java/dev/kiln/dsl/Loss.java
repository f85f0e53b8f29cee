package dev.kiln.dsl;

/**
 * Training losses. Every loss is a batch mean (reference section 4), so the mini-batch gradient is
 * the mean of the per-example gradients.
 */
public enum Loss {
    /**
     * Softmax cross-entropy computed from logits with log-sum-exp:
     * {@code L = mean_n [LSE(h_n) - sum_j y_nj h_nj]}. Targets are one-hot or soft (rows sum to 1).
     * Needs at least two output units.
     */
    SOFTMAX_CROSS_ENTROPY(2, "softmax cross-entropy (from logits)"),
    /**
     * Binary cross-entropy from logits, per output unit:
     * {@code mean over n,k of [max(h,0) - h y + log(1 + e^-|h|)]}, targets in [0, 1].
     */
    BINARY_CROSS_ENTROPY(1, "binary cross-entropy (from logits)"),
    /** Element mean {@code (1/(N K)) sum (y - f)^2}, as PyTorch, Keras and DL4J compute it. */
    MEAN_SQUARED_ERROR(1, "mean squared error"),
    /**
     * Weston-Watkins multiclass hinge on scores h with one-hot targets:
     * {@code L = mean_n sum_{j != y_n} max(0, 1 + h_nj - h_ny)}. Needs at least two output units.
     * Kiln sums over the classes: PyTorch's {@code multi_margin_loss} (p = 1, margin = 1) divides each
     * example's sum by the number of classes K, so this loss and its gradient are K times PyTorch's
     * (divide the learning rate by K to match a PyTorch recipe).
     */
    MULTICLASS_HINGE(2, "multiclass hinge (Weston-Watkins)");

    private final int minimumOutputUnits;
    private final String description;

    Loss(int minimumOutputUnits, String description) {
        this.minimumOutputUnits = minimumOutputUnits;
        this.description = description;
    }

    /**
     * The function this loss applies to the model's output itself, for a loss computed from logits
     * ({@code "softmax"}, {@code "sigmoid"}); null for a loss that reads the output as it is. An
     * activation on the output layer before such a loss applies it twice, in effect.
     */
    public String logitFunction() {
        return switch (this) {
            case SOFTMAX_CROSS_ENTROPY -> "softmax";
            case BINARY_CROSS_ENTROPY -> "sigmoid";
            case MEAN_SQUARED_ERROR, MULTICLASS_HINGE -> null;
        };
    }

    /** The smallest number of output units this loss makes sense for. */
    public int minimumOutputUnits() {
        return minimumOutputUnits;
    }

    public String description() {
        return description;
    }
}
