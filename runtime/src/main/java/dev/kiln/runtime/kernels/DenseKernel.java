package dev.kiln.runtime.kernels;

import dev.kiln.ir.ActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense (fully connected) layer, batch-first (reference §1.1): x [n, in], W [in, out],
 * b [out], z = xW + b. Every product is one BLAS gemm written straight into a caller-owned buffer;
 * transposes are gemm flags, never copies.
 */
public final class DenseKernel {
    private DenseKernel() {
    }

    /** z = xW + b into the preallocated z [n, out]; {@code b} is null for a layer without bias. */
    public static void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
        checkForward(x, w, b, z);
        if (b == null) {
            Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
        } else {
            // Broadcast b into every row of z, then let gemm accumulate xW on top (beta = 1): z is
            // written by one cheap copy and one gemm, with no separate read-modify-write pass. For
            // x [256,784] · W [784,1024] on 2 cores this, gemm + broadcast add and libnd4j's
            // xw_plus_b measured within noise of each other (float32 ~4.5 ms, float64 ~10 ms).
            Nd4j.exec(new BroadcastCopyOp(z, b, z, 1));
            Nd4j.gemm(x, w, z, false, false, 1.0, 1.0);
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
     * Gradients of the dense layer given dz = dL/dz [n, out]: dW = xᵀ·dz, db = Σ_n dz_n and
     * dx = dz·Wᵀ. {@code db} is null for a layer without bias, {@code dx} is null for the first
     * layer, whose input needs no gradient (that product is then skipped).
     */
    public static void backward(INDArray x, INDArray w, INDArray dz, INDArray dx, INDArray dW, INDArray db) {
        checkBackward(x, w, dz, dx, dW, db);
        Nd4j.gemm(x, dz, dW, true, false, 1.0, 0.0);
        if (db != null) {
            Nd4j.exec(new Sum(dz, db, 0));
        }
        if (dx != null) {
            Nd4j.gemm(dz, w, dx, false, true, 1.0, 0.0);
        }
    }

    private static void checkForward(INDArray x, INDArray w, INDArray b, INDArray z) {
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

    private static void checkBackward(INDArray x, INDArray w, INDArray dz, INDArray dx, INDArray dW, INDArray db) {
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
