package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import dev.kiln.ir.ActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense (fully connected) layer, batch-first (reference §1.1): x [n, in], W [in, out],
 * b [out], z = xW + b. Every product is one BLAS gemm written straight into a caller-owned buffer;
 * transposes are gemm flags, never copies. All calls go through prepared native ops
 * ({@link PreparedOp}), so a step allocates nothing.
 */
public final class DenseKernel {
    private DenseKernel() {
    }

    /** z = xW + b into the preallocated z [n, out]; {@code b} is null for a layer without bias. */
    public static void forward(INDArray x, INDArray w, @Nullable INDArray b, INDArray z) {
        checkForward(x, w, b, z);
        if (x.size(0) == 1 && x.elementWiseStride() == 1 && z.elementWiseStride() == 1) {
            forwardOneRow(x, w, b, z);
        } else if (NativeThreads.productsOnOneDnn()) {
            // On oneDNN the product and a separate in-place bias add beat xw_plus_b, whose oneDNN
            // version is slower than its own matmul: for the benchmark MLP at batch 256 (2 cores)
            // 2.10 vs 2.06 ms for 784 -> 1024, 2.78 vs 2.69 ms for 1024 -> 1024 and 0.34 vs 0.07 ms
            // for the 10 logits. With OpenBLAS (split policy) the two ways take the same time.
            if (TransposedWeights.pays(x, w, z)) {
                TransposedWeights.product(x, w, z);
            } else {
                NativeCalls.MATMUL.get().input(0, x).input(1, w).output(0, z).exec();
            }
            if (b != null) {
                NativeCalls.ADD.get().input(0, z).input(1, b).output(0, z).exec();
            }
        } else if (b == null) {
            NativeCalls.MATMUL.get().input(0, x).input(1, w).output(0, z).exec();
        } else {
            // libnd4j's xw_plus_b: the product and the bias in one prepared op. (A broadcast copy of
            // b into z followed by gemm with beta = 1 was as fast on its own, but the broadcast op
            // built its dimension buffers anew on every call.)
            NativeCalls.XW_PLUS_B.get().input(0, x).input(1, w).input(2, b).output(0, z).exec();
        }
    }

    /**
     * A single example (inference on one input), x and z contiguous: z = Wᵀx as a matrix-vector
     * product over W's transposed view, which BLAS runs as a gemv streaming W's rows once. The
     * [1, in] x [in, out] gemm computes the same numbers about seven times slower (0.43 vs 0.06 ms
     * for 1024 x 1024 on 2 cores), as it packs all of W for a one-row product.
     */
    private static void forwardOneRow(INDArray x, INDArray w, @Nullable INDArray b, INDArray z) {
        INDArray zRow = ViewCache.asVector(z);
        NativeCalls.MATRIX_VECTOR.get().input(0, ViewCache.transposed(w)).input(1, ViewCache.asVector(x)).output(0, zRow).exec();
        if (b != null) {
            NativeCalls.ADD.get().input(0, zRow).input(1, b).output(0, zRow).exec();
        }
    }

    /**
     * Dense layer followed by an activation: z = xW + b is kept for the backward pass and a = f(z).
     * For the identity, {@code a} may be {@code z} itself, and then nothing is copied.
     */
    public static void forward(INDArray x, INDArray w, INDArray b, ActivationFunction f, INDArray z, INDArray a) {
        forward(x, w, b, z);
        if (f.isIdentity()) {
            if (a != z) {
                a.assign(z);
            }
        } else {
            Activations.forward(f, z, a);
        }
    }

    /**
     * Gradients of the dense layer given dz = dL/dz [n, out]: dW = xᵀ·dz, db = Σ_n dz_n = 1ᵀ·dz and
     * dx = dz·Wᵀ. {@code db} is null for a layer without bias, {@code dx} is null for the first
     * layer, whose input needs no gradient (that product is then skipped).
     */
    public static void backward(INDArray x, INDArray w, INDArray dz, @Nullable INDArray dx, INDArray dW, @Nullable INDArray db) {
        checkBackward(x, w, dz, dx, dW, db);
        NativeCalls.MATMUL_TRANSPOSE_A.get().input(0, x).input(1, dz).output(0, dW).exec();
        if (db != null && db.elementWiseStride() == 1) {
            // The column sums as the product 1ᵀ dz into db viewed as [1, out] (see OnesRow).
            INDArray ones = OnesRow.of(dz.dataType(), dz.size(0));
            NativeCalls.MATMUL.get().input(0, ones).input(1, dz).output(0, ViewCache.asRow(db)).exec();
        } else if (db != null) {
            // A strided db (a view into something larger) cannot be a product's output.
            Nd4j.exec(new Sum(dz, db, 0));
        }
        if (dx != null) {
            NativeCalls.MATMUL_TRANSPOSE_B.get().input(0, dz).input(1, w).output(0, dx).exec();
        }
    }

    private static void checkForward(INDArray x, INDArray w, @Nullable INDArray b, INDArray z) {
        ArrayChecks.requireRank("x", x, 2);
        ArrayChecks.requireRank("W", w, 2);
        long n = x.size(0);
        long in = w.size(0);
        long out = w.size(1);
        ArrayChecks.requireShape("x", x, n, in);
        ArrayChecks.requireShape("z", z, n, out);
        if (b != null) {
            ArrayChecks.requireShape("b", b, out);
        }
    }

    private static void checkBackward(INDArray x, INDArray w, INDArray dz, @Nullable INDArray dx, INDArray dW, @Nullable INDArray db) {
        ArrayChecks.requireRank("x", x, 2);
        ArrayChecks.requireRank("W", w, 2);
        long n = x.size(0);
        long in = w.size(0);
        long out = w.size(1);
        ArrayChecks.requireShape("x", x, n, in);
        ArrayChecks.requireShape("dz", dz, n, out);
        ArrayChecks.requireShape("dW", dW, in, out);
        if (db != null) {
            ArrayChecks.requireShape("db", db, out);
        }
        if (dx != null) {
            ArrayChecks.requireShape("dx", dx, n, in);
        }
    }
}
