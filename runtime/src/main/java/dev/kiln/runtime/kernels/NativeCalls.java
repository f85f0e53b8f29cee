package dev.kiln.runtime.kernels;

/**
 * The prepared libnd4j ops the hot kernels use, one per call pattern and thread. Argument
 * conventions (checked by the kernel tests): matmul takes integer args (transpose a, transpose b,
 * transpose result) and float args (alpha, beta); relu the cut-off; softmax the dimension; the
 * loss ops the reduction mode.
 */
final class NativeCalls {
    private static final long[] NONE = {};
    private static final double[] NO_FLOATS = {};
    private static final double[] ALPHA_1_BETA_0 = {1.0, 0.0};

    /** z = x w. */
    static final ThreadLocal<PreparedOp> MATMUL = PreparedOp.perThread("matmul", 2, 1, new long[] {0, 0, 0}, ALPHA_1_BETA_0);
    /** z = xᵀ w. */
    static final ThreadLocal<PreparedOp> MATMUL_TRANSPOSE_A = PreparedOp.perThread("matmul", 2, 1, new long[] {1, 0, 0}, ALPHA_1_BETA_0);
    /** z = x wᵀ. */
    static final ThreadLocal<PreparedOp> MATMUL_TRANSPOSE_B = PreparedOp.perThread("matmul", 2, 1, new long[] {0, 1, 0}, ALPHA_1_BETA_0);
    /** y = A v for a matrix A and a vector v (libnd4j calls gemv for this shape). */
    static final ThreadLocal<PreparedOp> MATRIX_VECTOR = PreparedOp.perThread("matmul", 2, 1, new long[] {0, 0, 0}, ALPHA_1_BETA_0);
    /** out = a + b, element-wise; in place (out = a) is safe. */
    static final ThreadLocal<PreparedOp> ADD = PreparedOp.perThread("add", 2, 1, NONE, NO_FLOATS);
    /** z = x w + b, b a vector added to every row: one op instead of a product and a broadcast. */
    static final ThreadLocal<PreparedOp> XW_PLUS_B = PreparedOp.perThread("xw_plus_b", 3, 1, NONE, NO_FLOATS);
    /** out = max(z, 0). */
    static final ThreadLocal<PreparedOp> RELU = PreparedOp.perThread("relu", 1, 1, NONE, new double[] {0.0});
    /** out = a ⊙ b, element-wise; in place is safe. */
    static final ThreadLocal<PreparedOp> MULTIPLY = PreparedOp.perThread("multiply", 2, 1, NONE, NO_FLOATS);
    /** Softmax along each row. */
    static final ThreadLocal<PreparedOp> ROW_SOFTMAX = PreparedOp.perThread("softmax", 1, 1, new long[] {1}, NO_FLOATS);
    /**
     * Softmax cross-entropy from logits (inputs logits, weight, labels; no label smoothing), reduced
     * as the weighted mean, which with the scalar weight 1 is the batch mean.
     */
    static final ThreadLocal<PreparedOp> SOFTMAX_CROSS_ENTROPY = PreparedOp.perThread("softmax_cross_entropy_loss", 3, 1, new long[] {2}, new double[] {0.0});
    /** Its gradients: d/dlogits (already divided by n), then d/dweight and d/dlabels, which Kiln discards. */
    static final ThreadLocal<PreparedOp> SOFTMAX_CROSS_ENTROPY_GRAD = PreparedOp.perThread("softmax_cross_entropy_loss_grad", 3, 3, new long[] {2}, new double[] {0.0});

    private NativeCalls() {
    }
}
