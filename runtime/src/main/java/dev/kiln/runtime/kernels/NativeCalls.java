package dev.kiln.runtime.kernels;

/**
 * The prepared libnd4j ops the hot kernels use, one per call pattern and thread. Argument
 * conventions (checked by the kernel tests): matmul takes integer args (transpose a, transpose b,
 * transpose result) and float args (alpha, beta); relu the cut-off; softmax the dimension; the
 * loss ops the reduction mode.
 *
 * <p>The products (matmul, xw_plus_b) go where the thread policy puts them ({@link NativeThreads}):
 * to oneDNN's matmul on libnd4j's OpenMP threads with one pool, or, with libnd4j's platform helpers
 * off, to OpenBLAS with its own threads (split). A oneDNN binary under the split policy would
 * otherwise hand them to oneDNN on its single OpenMP thread: the MLP benchmark's products took
 * 24.8 ms instead of 14.4 ms per training step on 2 cores.
 */
final class NativeCalls {
    private static final long[] NONE = {};
    private static final double[] NO_FLOATS = {};
    private static final double[] ALPHA_1_BETA_0 = {1.0, 0.0};
    /** Whether the products may use libnd4j's platform helper (oneDNN): only under the one-pool policy. */
    private static final boolean PRODUCT_HELPERS = NativeThreads.productsOnOneDnn();
    /** helpers off: libnd4j's own product, i.e. OpenBLAS, even in a oneDNN binary. */
    private static final boolean BLAS = false;

    /** z = x w. */
    static final ThreadLocal<PreparedOp> MATMUL = PreparedOp.perThread("matmul", 2, 1, new long[] {0, 0, 0}, ALPHA_1_BETA_0, PRODUCT_HELPERS);
    /** z = xᵀ w. */
    static final ThreadLocal<PreparedOp> MATMUL_TRANSPOSE_A = PreparedOp.perThread("matmul", 2, 1, new long[] {1, 0, 0}, ALPHA_1_BETA_0, PRODUCT_HELPERS);
    /** z = x wᵀ. */
    static final ThreadLocal<PreparedOp> MATMUL_TRANSPOSE_B = PreparedOp.perThread("matmul", 2, 1, new long[] {0, 1, 0}, ALPHA_1_BETA_0, PRODUCT_HELPERS);
    /**
     * y = A v for a matrix A and a vector v (libnd4j calls gemv for this shape), always on OpenBLAS:
     * for one example of the MLP benchmark its gemv took 0.14 ms per inference, oneDNN's matmul 0.22.
     */
    static final ThreadLocal<PreparedOp> MATRIX_VECTOR = PreparedOp.perThread("matmul", 2, 1, new long[] {0, 0, 0}, ALPHA_1_BETA_0, BLAS);
    /**
     * Sums as products with a row of ones ({@link AxisSums}): matrix-vector shaped, memory-bound.
     * Here a oneDNN binary's matmul (one thread) beat OpenBLAS (two threads, whose workers then spin
     * while the next element-wise op runs): the per-channel sums of a float32 [128, 32, 784] array
     * followed by one broadcast pass over it took 2.2-2.3 ms with oneDNN, 2.7-3.0 ms with OpenBLAS
     * (medians of three interleaved runs on 2 cores). Plain binaries use OpenBLAS either way.
     */
    static final ThreadLocal<PreparedOp> SUM_ROWS = PreparedOp.perThread("matmul", 2, 1, new long[] {0, 0, 0}, ALPHA_1_BETA_0);
    /** As {@link #SUM_ROWS}, the second operand transposed. */
    static final ThreadLocal<PreparedOp> SUM_COLUMNS = PreparedOp.perThread("matmul", 2, 1, new long[] {0, 1, 0}, ALPHA_1_BETA_0);
    /** out = a + b, element-wise; in place (out = a) is safe. */
    static final ThreadLocal<PreparedOp> ADD = PreparedOp.perThread("add", 2, 1, NONE, NO_FLOATS);
    /** z = x w + b, b a vector added to every row: one op instead of a product and a broadcast. */
    static final ThreadLocal<PreparedOp> XW_PLUS_B = PreparedOp.perThread("xw_plus_b", 3, 1, NONE, NO_FLOATS, PRODUCT_HELPERS);
    /** out = max(z, 0). */
    static final ThreadLocal<PreparedOp> RELU = PreparedOp.perThread("relu", 1, 1, NONE, new double[] {0.0});
    /** out = a − b, element-wise with broadcasting; in place is safe. */
    static final ThreadLocal<PreparedOp> SUBTRACT = PreparedOp.perThread("subtract", 2, 1, NONE, NO_FLOATS);
    /** out = a / b, element-wise with broadcasting; in place is safe. */
    static final ThreadLocal<PreparedOp> DIVIDE = PreparedOp.perThread("divide", 2, 1, NONE, NO_FLOATS);
    /** out = a ⊙ b, element-wise; in place is safe. */
    static final ThreadLocal<PreparedOp> MULTIPLY = PreparedOp.perThread("multiply", 2, 1, NONE, NO_FLOATS);
    /**
     * The sum of every element into a scalar: libnd4j's own reduction, spread over its threads. It
     * decides finiteness only ({@link FiniteCheck}), where the sum's rounding does not matter; a product
     * with a row of ones ({@link Reductions#sum}) is one long dot product there, several times slower on a
     * million-element gradient.
     */
    static final ThreadLocal<PreparedOp> REDUCE_SUM = PreparedOp.perThread("reduce_sum", 1, 1, NONE, NO_FLOATS);
    /** out = the second input (the first gives the output's shape); any data type. */
    static final ThreadLocal<PreparedOp> ASSIGN = PreparedOp.perThread("assign", 2, 1, NONE, NO_FLOATS);
    /** out = max(a, b), element-wise with broadcasting. */
    static final ThreadLocal<PreparedOp> MAXIMUM = PreparedOp.perThread("maximum", 2, 1, NONE, NO_FLOATS);
    /** out = min(a, b), element-wise with broadcasting. */
    static final ThreadLocal<PreparedOp> MINIMUM = PreparedOp.perThread("minimum", 2, 1, NONE, NO_FLOATS);
    /** out = a / b with broadcasting, and 0 wherever b is 0 (where "divide" gives NaN or an infinity). */
    static final ThreadLocal<PreparedOp> DIVIDE_NO_NAN = PreparedOp.perThread("divide_no_nan", 2, 1, NONE, NO_FLOATS);
    /** out = g ⊙ σ(x)(1 − σ(x)) for inputs x and g, in one pass. */
    static final ThreadLocal<PreparedOp> SIGMOID_BP = PreparedOp.perThread("sigmoid_bp", 2, 1, NONE, NO_FLOATS);
    /** dz = dOut ⊙ selu'(z) for inputs z and dOut (libnd4j's constants are SELU's to double precision). */
    static final ThreadLocal<PreparedOp> SELU_BP = PreparedOp.perThread("selu_bp", 2, 1, NONE, NO_FLOATS);
    /** out = the rows (along axis 0) of the first input at the indices of the second, an integer vector. */
    static final ThreadLocal<PreparedOp> GATHER_ROWS = PreparedOp.perThread("gather", 2, 1, new long[] {0}, NO_FLOATS);
    /** The index of each row's largest element (the first of equal ones), into a LONG vector. */
    static final ThreadLocal<PreparedOp> ROW_ARGMAX = PreparedOp.perThread("argmax", 1, 1, new long[] {1}, NO_FLOATS);
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
