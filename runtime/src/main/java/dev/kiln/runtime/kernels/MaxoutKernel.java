package dev.kiln.runtime.kernels;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Maxout over channels (reference §3): the C channels of x are split into C/k groups of k = pieces
 * consecutive channels, and output channel j is the maximum of input channels j·k .. j·k + k − 1,
 * element by element. x is [N, C, ...] with channels on axis 1 (a dense layer's [N, C], or
 * [N, C, H, W]), or a 4-D channels-last [N, H, W, C] given {@link FeatureLayout#NHWC}; y has C/k
 * channels on the same axis. The pieces xW_j + b_j are the C outputs of the preceding layer.
 *
 * <p>Backward sends each dy element to the arg-max piece of its group only; the others get +0. Ties
 * go to the lowest piece index: the first piece equal to the maximum (−0 and +0 count as equal, and
 * their maximum is +0). Maxout is not differentiable at a tie, so finite-difference tests keep the
 * pieces apart.
 *
 * <p>NaN propagates: a group with a NaN piece outputs NaN, and the backward sends dy to its first
 * NaN piece, so a diverging unit shows up in the output and in the NaN guards downstream.
 * {@link MaxPool2dKernel} differs here: in float32 and float64 alike it skips a NaN in a window and
 * outputs the maximum of the other elements (a window (1, NaN, 2, 3) gave 3).
 *
 * <p>Why Java loops ({@link LoopArrays}): one pass over x for the forward and one for the backward,
 * with the tie and NaN rules exact. libnd4j's max reduction over x viewed as [N, C/k, k, H·W] skips
 * NaN as its pooling does (a group (NaN, 1) gave 1), and its backward would take one masked pass per
 * piece. Single-threaded, and written without data-dependent branches (see the loops).
 *
 * <p>Aliasing: y must not share memory with x, nor dx with x or dy.
 */
public final class MaxoutKernel {
    private static final String NAME = "maxout";

    private MaxoutKernel() {
    }

    /** y [N, C/k, ...] = the maxima of x [N, C, ...] over groups of {@code pieces} consecutive channels, overwritten. */
    public static void forward(INDArray x, int pieces, INDArray y) {
        forward(FeatureLayout.NCHW, x, pieces, y);
    }

    /** As {@link #forward(INDArray, int, INDArray)}, 4-D x and y in {@code layout} (NHWC: channels last). */
    public static void forward(FeatureLayout layout, INDArray x, int pieces, INDArray y) {
        int axis = LoopArrays.channelAxis(NAME, layout, x);
        long groups = checkPieces(x, axis, pieces);
        ArrayChecks.requireShape("y", y, outputShape(x, axis, groups));
        ArrayChecks.requireSameType("x", x, "y", y);
        LoopArrays.requireFloatingPoint(NAME, x);
        ArrayChecks.requireDisjoint("x", x, "y", y);
        long inner = LoopArrays.after(x, axis);
        INDArray xs = LoopArrays.input(x, Scratch.Slot.LOOP_INPUT);
        INDArray ys = LoopArrays.output(y, Scratch.Slot.LOOP_OUTPUT);
        if (x.dataType() == DataType.FLOAT) {
            forwardFloat(LoopArrays.floats(xs), LoopArrays.floats(ys), y.length(), pieces, inner);
        } else {
            forwardDouble(LoopArrays.doubles(xs), LoopArrays.doubles(ys), y.length(), pieces, inner);
        }
        LoopArrays.finish(ys, y);
    }

    /**
     * dx (shaped like x, overwritten) = dy at each group's arg-max piece (the lowest on ties, the first
     * NaN where there is one) and 0 at the other pieces; dy is shaped like the forward's y.
     */
    public static void backward(INDArray x, int pieces, INDArray dy, INDArray dx) {
        backward(FeatureLayout.NCHW, x, pieces, dy, dx);
    }

    /** As {@link #backward(INDArray, int, INDArray, INDArray)}, 4-D x, dy and dx in {@code layout}. */
    public static void backward(FeatureLayout layout, INDArray x, int pieces, INDArray dy, INDArray dx) {
        int axis = LoopArrays.channelAxis(NAME, layout, x);
        long groups = checkPieces(x, axis, pieces);
        ArrayChecks.requireShape("dy", dy, outputShape(x, axis, groups));
        ArrayChecks.requireSameShape("x", x, "dx", dx);
        ArrayChecks.requireSameType("x", x, "dy", dy, "dx", dx);
        LoopArrays.requireFloatingPoint(NAME, x);
        ArrayChecks.requireDisjoint("x", x, "dx", dx);
        ArrayChecks.requireDisjoint("dy", dy, "dx", dx);
        long inner = LoopArrays.after(x, axis);
        INDArray xs = LoopArrays.input(x, Scratch.Slot.LOOP_INPUT);
        INDArray dys = LoopArrays.input(dy, Scratch.Slot.LOOP_GRADIENT);
        INDArray dxs = LoopArrays.output(dx, Scratch.Slot.LOOP_OUTPUT);
        if (x.dataType() == DataType.FLOAT) {
            backwardFloat(LoopArrays.floats(xs), LoopArrays.floats(dys), LoopArrays.floats(dxs), dy.length(), pieces,
                    inner);
        } else {
            backwardDouble(LoopArrays.doubles(xs), LoopArrays.doubles(dys), LoopArrays.doubles(dxs), dy.length(),
                    pieces, inner);
        }
        LoopArrays.finish(dxs, dx);
    }

    /**
     * x viewed as [units, pieces, inner] and y as [units, inner] (units = N·C/k and inner = H·W in
     * NCHW; inner = 1 in NHWC and [N, C]), walked by one flat loop over y whose position in x jumps
     * over the other pieces at the end of each run of {@code inner}: a nested loop with a
     * one-element innermost loop was 3-4x slower. y = Math.max over the pieces, which is NaN when
     * any piece is NaN (and +0 for a tie of −0 and +0), without the branch a comparison would take
     * (it mispredicts on random inputs).
     */
    private static void forwardFloat(FloatIndexer x, FloatIndexer y, long outputs, int pieces, long inner) {
        long at = 0;
        long left = inner;
        long skip = (pieces - 1) * inner;
        for (long out = 0; out < outputs; out++) {
            float max = x.get(at);
            for (int j = 1; j < pieces; j++) {
                max = Math.max(max, x.get(at + j * inner));
            }
            y.put(out, max);
            at++;
            if (--left == 0) {
                left = inner;
                at += skip;
            }
        }
    }

    private static void forwardDouble(DoubleIndexer x, DoubleIndexer y, long outputs, int pieces, long inner) {
        long at = 0;
        long left = inner;
        long skip = (pieces - 1) * inner;
        for (long out = 0; out < outputs; out++) {
            double max = x.get(at);
            for (int j = 1; j < pieces; j++) {
                max = Math.max(max, x.get(at + j * inner));
            }
            y.put(out, max);
            at++;
            if (--left == 0) {
                left = inner;
                at += skip;
            }
        }
    }

    /**
     * The forward's walk and maximum m of each group, then a pass over its pieces with a "taken"
     * mask: the first piece equal to m (or the first NaN, when m is NaN) gets dy's bits, every other
     * piece +0. The masks are ints chosen by conditional moves, not branches.
     */
    private static void backwardFloat(FloatIndexer x, FloatIndexer dy, FloatIndexer dx, long outputs, int pieces,
                                      long inner) {
        long at = 0;
        long left = inner;
        long skip = (pieces - 1) * inner;
        for (long out = 0; out < outputs; out++) {
            float max = x.get(at);
            for (int j = 1; j < pieces; j++) {
                max = Math.max(max, x.get(at + j * inner));
            }
            int g = Float.floatToRawIntBits(dy.get(out));
            int free = -1;
            for (int j = 0; j < pieces; j++) {
                float v = x.get(at + j * inner);
                int hit = (((v == max) | (v != v)) ? -1 : 0) & free;
                dx.put(at + j * inner, Float.intBitsToFloat(g & hit));
                free &= ~hit;
            }
            at++;
            if (--left == 0) {
                left = inner;
                at += skip;
            }
        }
    }

    private static void backwardDouble(DoubleIndexer x, DoubleIndexer dy, DoubleIndexer dx, long outputs, int pieces,
                                       long inner) {
        long at = 0;
        long left = inner;
        long skip = (pieces - 1) * inner;
        for (long out = 0; out < outputs; out++) {
            double max = x.get(at);
            for (int j = 1; j < pieces; j++) {
                max = Math.max(max, x.get(at + j * inner));
            }
            long g = Double.doubleToRawLongBits(dy.get(out));
            long free = -1L;
            for (int j = 0; j < pieces; j++) {
                double v = x.get(at + j * inner);
                long hit = (((v == max) | (v != v)) ? -1L : 0L) & free;
                dx.put(at + j * inner, Double.longBitsToDouble(g & hit));
                free &= ~hit;
            }
            at++;
            if (--left == 0) {
                left = inner;
                at += skip;
            }
        }
    }

    /** The number of groups C/k, after checking that {@code pieces} ≥ 2 divides x's channels. */
    private static long checkPieces(INDArray x, int axis, int pieces) {
        if (pieces < 2) {
            throw new IllegalArgumentException("maxout needs pieces >= 2 (one piece is the identity), got " + pieces);
        }
        long c = x.size(axis);
        if (c % pieces != 0) {
            throw new IllegalArgumentException("maxout x " + Arrays.toString(x.shape()) + " has " + c
                    + " channels (axis " + axis + "), not divisible by pieces = " + pieces);
        }
        return c / pieces;
    }

    /** x's shape with C/k on the channel axis (a copy: {@code shape()} is the array's own). */
    private static long[] outputShape(INDArray x, int axis, long groups) {
        long[] shape = x.shape().clone();
        shape[axis] = groups;
        return shape;
    }
}
