package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;

import java.util.Arrays;

/**
 * The joins of residual and dense blocks (reference §12): the shortcut addition, DenseNet's channel
 * concatenation and its backward split, and stochastic depth's inference scaling. Channels are
 * axis 1 (NCHW, or [N, features] for dense blocks); outputs are caller-owned and overwritten.
 *
 * <p>The backward of {@link #add} is dOut to both inputs (no kernel needed), and of {@link #scale} a
 * scale of dOut by the same factor.
 */
public final class ResidualKernel {
    private ResidualKernel() {
    }

    /** out = a + b (the shortcut addition); {@code out} may be a or b. */
    public static void add(INDArray a, INDArray b, INDArray out) {
        ArrayChecks.requireSameShape("a", a, "b", b);
        ArrayChecks.requireSameShape("a", a, "out", out);
        NativeOps.add(a, b, out);
    }

    /**
     * out = a + factor · b: a residual unit at inference under stochastic depth, whose branch b is
     * scaled by its survival probability. {@code out} may be a but not b.
     */
    public static void addScaled(INDArray a, INDArray b, double factor, INDArray out) {
        ArrayChecks.requireSameShape("a", a, "b", b);
        ArrayChecks.requireSameShape("a", a, "out", out);
        if (out == b) {
            throw new IllegalArgumentException("out must not be the scaled input b");
        }
        NativeOps.scale(b, factor, out);
        NativeOps.add(a, out, out);
    }

    /**
     * Stochastic depth's gate for one training step: true (the branch runs) with probability
     * {@code survival}, drawn once per unit and shared by the batch.
     */
    public static boolean survives(double survival, Random random) {
        return survival >= 1 || random.nextDouble() < survival;
    }

    /** out = concat(a, b) along channels: out[:, :Ca] = a, out[:, Ca:] = b. */
    public static void concatChannels(INDArray a, INDArray b, INDArray out) {
        long ca = checkConcat("a", a, "b", b, "out", out);
        ViewCache.channels(out, 0, ca).assign(a);
        ViewCache.channels(out, ca, out.size(1)).assign(b);
    }

    /**
     * The backward of {@link #concatChannels}: da = dOut[:, :Ca], db = dOut[:, Ca:]. Either may be
     * null when that input needs no gradient; {@code channelsA} is Ca.
     */
    public static void splitChannels(INDArray dOut, long channelsA, @Nullable INDArray da, @Nullable INDArray db) {
        if (da != null && db != null) {
            checkConcat("da", da, "db", db, "dOut", dOut);
        }
        if (channelsA <= 0 || channelsA >= dOut.size(1)) {
            throw new IllegalArgumentException("dOut " + Arrays.toString(dOut.shape()) + " cannot split after " + channelsA + " channels");
        }
        if (da != null) {
            da.assign(ViewCache.channels(dOut, 0, channelsA));
        }
        if (db != null) {
            db.assign(ViewCache.channels(dOut, channelsA, dOut.size(1)));
        }
    }

    /** As {@link #splitChannels(INDArray, long, INDArray, INDArray)} with both gradients wanted. */
    public static void splitChannels(INDArray dOut, INDArray da, INDArray db) {
        splitChannels(dOut, da.size(1), da, db);
    }

    /** out = factor · x: stochastic depth at inference scales a branch by its survival probability. */
    public static void scale(INDArray x, double factor, INDArray out) {
        ArrayChecks.requireSameShape("x", x, "out", out);
        NativeOps.scale(x, factor, out);
    }

    /** Checks that {@code whole} is a and b joined on axis 1; returns a's channel count. */
    private static long checkConcat(String aName, INDArray a, String bName, INDArray b, String wholeName,
                                    INDArray whole) {
        if (a.rank() < 2 || b.rank() != a.rank() || whole.rank() != a.rank()) {
            throw new IllegalArgumentException(aName + " " + Arrays.toString(a.shape()) + ", " + bName + " "
                    + Arrays.toString(b.shape()) + " and " + wholeName + " " + Arrays.toString(whole.shape())
                    + " must have the same rank, at least 2");
        }
        long[] expected = a.shape().clone();
        expected[1] = a.size(1) + b.size(1);
        long[] bExpected = a.shape().clone();
        bExpected[1] = b.size(1);
        if (!Arrays.equals(b.shape(), bExpected)) {
            throw new IllegalArgumentException(aName + " " + Arrays.toString(a.shape()) + " and " + bName + " "
                    + Arrays.toString(b.shape()) + " may differ only in channels (axis 1)");
        }
        ArrayChecks.requireShape(wholeName, whole, expected);
        return a.size(1);
    }
}
