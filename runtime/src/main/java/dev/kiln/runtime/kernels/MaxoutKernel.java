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
 * <p>Backward sends each dy element to the arg-max piece of its group only; the others get 0. Ties
 * go to the lowest piece index (the first maximum, by a strict {@code >} scan). Maxout is not
 * differentiable at a tie, so finite-difference tests keep the pieces apart.
 *
 * <p>NaN propagates: a group with a NaN piece outputs NaN (its first NaN), and the backward sends dy
 * to that piece, so a diverging unit shows up in the output and in the NaN guards downstream.
 * {@link MaxPool2dKernel} differs here: libnd4j's and oneDNN's pooling skip a NaN in a window and
 * output the maximum of the other elements.
 *
 * <p>Why Java loops ({@link LoopArrays}): one pass over x for the forward and one for the backward,
 * with the tie and NaN rules exact. libnd4j's max reduction over x viewed as [N, C/k, k, H·W] would
 * do the forward but skips NaN as its pooling does, and its backward would take one masked pass per
 * piece. Single-threaded.
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
        long outer = x.length() / (x.size(axis) * inner);
        INDArray xs = LoopArrays.input(x, Scratch.Slot.LOOP_INPUT);
        INDArray ys = LoopArrays.output(y, Scratch.Slot.LOOP_OUTPUT);
        if (x.dataType() == DataType.FLOAT) {
            forwardFloat(LoopArrays.floats(xs), LoopArrays.floats(ys), outer * groups, pieces, inner);
        } else {
            forwardDouble(LoopArrays.doubles(xs), LoopArrays.doubles(ys), outer * groups, pieces, inner);
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
        long outer = x.length() / (x.size(axis) * inner);
        INDArray xs = LoopArrays.input(x, Scratch.Slot.LOOP_INPUT);
        INDArray dys = LoopArrays.input(dy, Scratch.Slot.LOOP_GRADIENT);
        INDArray dxs = LoopArrays.output(dx, Scratch.Slot.LOOP_OUTPUT);
        if (x.dataType() == DataType.FLOAT) {
            backwardFloat(LoopArrays.floats(xs), LoopArrays.floats(dys), LoopArrays.floats(dxs), outer * groups,
                    pieces, inner);
        } else {
            backwardDouble(LoopArrays.doubles(xs), LoopArrays.doubles(dys), LoopArrays.doubles(dxs), outer * groups,
                    pieces, inner);
        }
        LoopArrays.finish(dxs, dx);
    }

    /**
     * x viewed as [units, pieces, inner] and y as [units, inner]; each output is the first of its
     * pieces that no later one beats: a strict {@code >}, except that a NaN replaces a number and is
     * then kept.
     */
    private static void forwardFloat(FloatIndexer x, FloatIndexer y, long units, int pieces, long inner) {
        long out = 0;
        for (long unit = 0; unit < units; unit++) {
            long first = unit * pieces * inner;
            for (long i = 0; i < inner; i++) {
                long at = first + i;
                float best = x.get(at);
                for (int j = 1; j < pieces; j++) {
                    float v = x.get(at + j * inner);
                    if (v > best || (v != v && best == best)) {
                        best = v;
                    }
                }
                y.put(out++, best);
            }
        }
    }

    private static void forwardDouble(DoubleIndexer x, DoubleIndexer y, long units, int pieces, long inner) {
        long out = 0;
        for (long unit = 0; unit < units; unit++) {
            long first = unit * pieces * inner;
            for (long i = 0; i < inner; i++) {
                long at = first + i;
                double best = x.get(at);
                for (int j = 1; j < pieces; j++) {
                    double v = x.get(at + j * inner);
                    if (v > best || (v != v && best == best)) {
                        best = v;
                    }
                }
                y.put(out++, best);
            }
        }
    }

    /** The forward's scan for each output's arg-max piece, then dy there and 0 at the others. */
    private static void backwardFloat(FloatIndexer x, FloatIndexer dy, FloatIndexer dx, long units, int pieces,
                                      long inner) {
        long out = 0;
        for (long unit = 0; unit < units; unit++) {
            long first = unit * pieces * inner;
            for (long i = 0; i < inner; i++) {
                long at = first + i;
                float best = x.get(at);
                int arg = 0;
                for (int j = 1; j < pieces; j++) {
                    float v = x.get(at + j * inner);
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        arg = j;
                    }
                }
                float g = dy.get(out++);
                for (int j = 0; j < pieces; j++) {
                    dx.put(at + j * inner, j == arg ? g : 0.0f);
                }
            }
        }
    }

    private static void backwardDouble(DoubleIndexer x, DoubleIndexer dy, DoubleIndexer dx, long units, int pieces,
                                       long inner) {
        long out = 0;
        for (long unit = 0; unit < units; unit++) {
            long first = unit * pieces * inner;
            for (long i = 0; i < inner; i++) {
                long at = first + i;
                double best = x.get(at);
                int arg = 0;
                for (int j = 1; j < pieces; j++) {
                    double v = x.get(at + j * inner);
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        arg = j;
                    }
                }
                double g = dy.get(out++);
                for (int j = 0; j < pieces; j++) {
                    dx.put(at + j * inner, j == arg ? g : 0.0);
                }
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
