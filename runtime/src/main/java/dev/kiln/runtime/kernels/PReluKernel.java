package dev.kiln.runtime.kernels;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Parametric ReLU (reference §3): y = x where x > 0, else α·x, with a learned α [C] per channel
 * (channels on axis 1 of x [N, C], [N, C, H, W] or any rank ≥ 2; the last axis of a 4-D
 * channels-last array given {@link FeatureLayout#NHWC}) or one α [1] shared by all elements. The
 * derivative is that of leaky ReLU, 1 for x > 0 and α otherwise, so α at x = 0 (leaky′(0) = α), and
 * dα = Σ_{x ≤ 0} dy·x. (α starts at 0.25, reference §3; the layer sets it, not this kernel.)
 *
 * <p>Why Java loops and not libnd4j: its {@code prelu_bp} takes the positive side at x = 0 (it
 * gave dx = dy there), and PReLU built from its element-wise ops takes several passes over memory
 * and a scratch array: four for the forward (min, per-channel product, relu, sum; 1.3-2.2 ms on 2
 * cores for a float32 [128, 64, 14, 14], about what this single-threaded loop takes, 1.7-2.8 ms)
 * and more for the backward (indicator, slope, product, dy·min(x, 0) and its per-channel sums).
 * Here each direction is one pass with the x = 0, NaN and summation rules exact ({@link LoopArrays}).
 * In float32 the products are float32, as libnd4j's would be, and dα is summed in float64 and
 * rounded once.
 *
 * <p>NaN: a NaN in x is not > 0, so its output is α·NaN = NaN, its dx is α·dy and it makes its
 * channel's dα (or the shared one) NaN; a NaN α makes the outputs of its x ≤ 0 elements NaN.
 *
 * <p>Aliasing: y must not share memory with x (the backward needs x) or α; dx may be dy; dAlpha
 * shares memory with nothing.
 */
public final class PReluKernel {
    private static final String NAME = "PReLU";
    private static final int FLOAT_ONE = Float.floatToRawIntBits(1.0f);
    private static final long DOUBLE_ONE = Double.doubleToRawLongBits(1.0);

    private PReluKernel() {
    }

    /** y = x where x > 0, else α·x, with α [C] per channel of x (axis 1) or [1] shared; y overwritten. */
    public static void forward(INDArray x, INDArray alpha, INDArray y) {
        forward(FeatureLayout.NCHW, x, alpha, y);
    }

    /** As {@link #forward(INDArray, INDArray, INDArray)}, a 4-D x and y in {@code layout}. */
    public static void forward(FeatureLayout layout, INDArray x, INDArray alpha, INDArray y) {
        int axis = LoopArrays.channelAxis(NAME, layout, x);
        long c = x.size(axis);
        checkAlpha(x, axis, alpha);
        ArrayChecks.requireSameShape("x", x, "y", y);
        ArrayChecks.requireSameType("x", x, "alpha", alpha, "y", y);
        LoopArrays.requireFloatingPoint(NAME, x);
        ArrayChecks.requireDisjoint("x", x, "y", y);
        ArrayChecks.requireDisjoint("alpha", alpha, "y", y);
        // Per channel, x is [outer, C, inner]; a shared α makes the whole array one run of one channel.
        boolean shared = alpha.length() == 1;
        long inner = shared ? x.length() : LoopArrays.after(x, axis);
        long channels = shared ? 1 : c;
        INDArray xs = LoopArrays.input(x, Scratch.Slot.LOOP_INPUT);
        INDArray as = LoopArrays.input(alpha, Scratch.Slot.LOOP_PARAMETER);
        INDArray ys = LoopArrays.output(y, Scratch.Slot.LOOP_OUTPUT);
        if (x.dataType() == DataType.FLOAT) {
            FloatIndexer xi = LoopArrays.floats(xs);
            FloatIndexer ai = LoopArrays.floats(as);
            FloatIndexer yi = LoopArrays.floats(ys);
            if (inner == 1) {
                forwardRowsFloat(xi, ai, yi, x.length(), channels);
            } else {
                forwardRunsFloat(xi, ai, yi, x.length(), channels, inner);
            }
        } else {
            DoubleIndexer xi = LoopArrays.doubles(xs);
            DoubleIndexer ai = LoopArrays.doubles(as);
            DoubleIndexer yi = LoopArrays.doubles(ys);
            if (inner == 1) {
                forwardRowsDouble(xi, ai, yi, x.length(), channels);
            } else {
                forwardRunsDouble(xi, ai, yi, x.length(), channels, inner);
            }
        }
        LoopArrays.finish(ys, y);
    }

    /**
     * Gradients given dy: dx = dy where x > 0, else α·dy (null: not wanted), and dAlpha (shaped like
     * α, overwritten, not accumulated) = Σ dy·x over the elements with x ≤ 0, per channel or over all
     * of them when α is shared. dx may be dy.
     */
    public static void backward(INDArray x, INDArray alpha, INDArray dy, @Nullable INDArray dx, INDArray dAlpha) {
        backward(FeatureLayout.NCHW, x, alpha, dy, dx, dAlpha);
    }

    /** As {@link #backward(INDArray, INDArray, INDArray, INDArray, INDArray)}, 4-D x, dy and dx in {@code layout}. */
    public static void backward(FeatureLayout layout, INDArray x, INDArray alpha, INDArray dy, @Nullable INDArray dx,
                                INDArray dAlpha) {
        int axis = LoopArrays.channelAxis(NAME, layout, x);
        long c = x.size(axis);
        checkAlpha(x, axis, alpha);
        ArrayChecks.requireSameShape("x", x, "dy", dy);
        if (dx != null) {
            ArrayChecks.requireSameShape("x", x, "dx", dx);
        }
        ArrayChecks.requireSameShape("alpha", alpha, "dAlpha", dAlpha);
        ArrayChecks.requireSameType("x", x, "alpha", alpha, "dy", dy, "dx", dx, "dAlpha", dAlpha);
        LoopArrays.requireFloatingPoint(NAME, x);
        ArrayChecks.requireSameOrDisjoint("dy", dy, "dx", dx);
        ArrayChecks.requireDisjoint("x", x, "dx", dx);
        ArrayChecks.requireDisjoint("alpha", alpha, "dx", dx);
        for (INDArray other : new INDArray[]{x, alpha, dy}) {
            ArrayChecks.requireDisjoint("dAlpha", dAlpha, "x, alpha or dy", other);
        }
        ArrayChecks.requireDisjoint("dAlpha", dAlpha, "dx", dx);
        // Per channel, x is [outer, C, inner]; a shared α makes the whole array one run of one channel.
        boolean shared = alpha.length() == 1;
        long inner = shared ? x.length() : LoopArrays.after(x, axis);
        long channels = shared ? 1 : c;
        INDArray xs = LoopArrays.input(x, Scratch.Slot.LOOP_INPUT);
        INDArray as = LoopArrays.input(alpha, Scratch.Slot.LOOP_PARAMETER);
        INDArray dys = LoopArrays.input(dy, Scratch.Slot.LOOP_GRADIENT);
        INDArray dxs = dx == null ? null : LoopArrays.output(dx, Scratch.Slot.LOOP_OUTPUT);
        INDArray dAlphas = LoopArrays.output(dAlpha, Scratch.Slot.LOOP_PARAMETER_GRADIENT);
        double[] sums = LoopArrays.sums(alpha.length());
        if (x.dataType() == DataType.FLOAT) {
            FloatIndexer xi = LoopArrays.floats(xs);
            FloatIndexer ai = LoopArrays.floats(as);
            FloatIndexer dyi = LoopArrays.floats(dys);
            FloatIndexer dxi = dxs == null ? null : LoopArrays.floats(dxs);
            if (inner == 1) {
                backwardRowsFloat(xi, ai, dyi, dxi, sums, x.length(), channels);
            } else {
                backwardRunsFloat(xi, ai, dyi, dxi, sums, x.length(), channels, inner);
            }
            FloatIndexer out = LoopArrays.floats(dAlphas);
            for (long j = 0; j < alpha.length(); j++) {
                out.put(j, (float) sums[(int) j]);
            }
        } else {
            DoubleIndexer xi = LoopArrays.doubles(xs);
            DoubleIndexer ai = LoopArrays.doubles(as);
            DoubleIndexer dyi = LoopArrays.doubles(dys);
            DoubleIndexer dxi = dxs == null ? null : LoopArrays.doubles(dxs);
            if (inner == 1) {
                backwardRowsDouble(xi, ai, dyi, dxi, sums, x.length(), channels);
            } else {
                backwardRunsDouble(xi, ai, dyi, dxi, sums, x.length(), channels, inner);
            }
            DoubleIndexer out = LoopArrays.doubles(dAlphas);
            for (long j = 0; j < alpha.length(); j++) {
                out.put(j, sums[(int) j]);
            }
        }
        if (dx != null && dxs != null) {
            LoopArrays.finish(dxs, dx);
        }
        LoopArrays.finish(dAlphas, dAlpha);
    }

    /*
     * The loops. x is [outer, c, inner] with α [c]: runs of inner ≥ 2 elements of one channel
     * ([N, C, H·W] in NCHW, or the whole array as one run for a shared α), or rows of c interleaved
     * channels (inner = 1: NHWC and [N, C]), which have a loop with the channels innermost (a
     * one-element innermost loop was 4-5x slower). Separate methods, so that the JIT compiles each
     * for its own shape of loop.
     *
     * y = x·s with the slope s = 1 where x > 0, else α, picked as bits: a float ?: or if here
     * compiles to a branch, which mispredicts on inputs of mixed sign (10 ms against 1.5-3 ms per
     * call on a float32 [128, 64, 14, 14]), while a choice between two ints is a conditional move.
     * x·1 is x exactly, so the result is that of the formula.
     *
     * The backward takes one mask from a conditional move, keep = all ones where x ≤ 0 (or NaN),
     * that picks s's bits for dx = dy·s and clears each product dy·x where x > 0, so an infinite dy
     * or x there cannot turn dα's sum into NaN. The float64 terms are added one by one in c order:
     * a channel's sum runs over its elements in (n, h, w) order in either layout, so NHWC gives
     * NCHW's dα bit for bit (a shared α's sum visits the channels in another order and agrees to
     * rounding).
     */

    private static void forwardRunsFloat(FloatIndexer x, FloatIndexer alpha, FloatIndexer y, long length, long c,
                                         long inner) {
        int channel = 0;
        for (long start = 0; start < length; start += inner) {
            int slope = Float.floatToRawIntBits(alpha.get(channel));
            for (long e = start, end = start + inner; e < end; e++) {
                float v = x.get(e);
                y.put(e, v * Float.intBitsToFloat(v > 0 ? FLOAT_ONE : slope));
            }
            channel = channel + 1 == c ? 0 : channel + 1;
        }
    }

    private static void forwardRunsDouble(DoubleIndexer x, DoubleIndexer alpha, DoubleIndexer y, long length, long c,
                                          long inner) {
        int channel = 0;
        for (long start = 0; start < length; start += inner) {
            long slope = Double.doubleToRawLongBits(alpha.get(channel));
            for (long e = start, end = start + inner; e < end; e++) {
                double v = x.get(e);
                y.put(e, v * Double.longBitsToDouble(v > 0 ? DOUBLE_ONE : slope));
            }
            channel = channel + 1 == c ? 0 : channel + 1;
        }
    }

    private static void forwardRowsFloat(FloatIndexer x, FloatIndexer alpha, FloatIndexer y, long length, long c) {
        for (long row = 0; row < length; row += c) {
            for (int channel = 0; channel < c; channel++) {
                long e = row + channel;
                float v = x.get(e);
                int keep = v > 0 ? 0 : -1;
                int slope = Float.floatToRawIntBits(alpha.get(channel));
                y.put(e, v * Float.intBitsToFloat(FLOAT_ONE ^ ((FLOAT_ONE ^ slope) & keep)));
            }
        }
    }

    private static void forwardRowsDouble(DoubleIndexer x, DoubleIndexer alpha, DoubleIndexer y, long length,
                                          long c) {
        for (long row = 0; row < length; row += c) {
            for (int channel = 0; channel < c; channel++) {
                long e = row + channel;
                double v = x.get(e);
                long keep = v > 0 ? 0L : -1L;
                long slope = Double.doubleToRawLongBits(alpha.get(channel));
                y.put(e, v * Double.longBitsToDouble(DOUBLE_ONE ^ ((DOUBLE_ONE ^ slope) & keep)));
            }
        }
    }

    private static void backwardRunsFloat(FloatIndexer x, FloatIndexer alpha, FloatIndexer dy,
                                          @Nullable FloatIndexer dx, double[] sums, long length, long c, long inner) {
        int channel = 0;
        for (long start = 0; start < length; start += inner) {
            int slope = Float.floatToRawIntBits(alpha.get(channel));
            double sum = sums[channel];
            for (long e = start, end = start + inner; e < end; e++) {
                float v = x.get(e);
                float g = dy.get(e);
                int keep = v > 0 ? 0 : -1;
                if (dx != null) {
                    dx.put(e, g * Float.intBitsToFloat(FLOAT_ONE ^ ((FLOAT_ONE ^ slope) & keep)));
                }
                sum += Double.longBitsToDouble(Double.doubleToRawLongBits((double) g * v) & keep);
            }
            sums[channel] = sum;
            channel = channel + 1 == c ? 0 : channel + 1;
        }
    }

    private static void backwardRunsDouble(DoubleIndexer x, DoubleIndexer alpha, DoubleIndexer dy,
                                           @Nullable DoubleIndexer dx, double[] sums, long length, long c,
                                           long inner) {
        int channel = 0;
        for (long start = 0; start < length; start += inner) {
            long slope = Double.doubleToRawLongBits(alpha.get(channel));
            double sum = sums[channel];
            for (long e = start, end = start + inner; e < end; e++) {
                double v = x.get(e);
                double g = dy.get(e);
                long keep = v > 0 ? 0L : -1L;
                if (dx != null) {
                    dx.put(e, g * Double.longBitsToDouble(DOUBLE_ONE ^ ((DOUBLE_ONE ^ slope) & keep)));
                }
                sum += Double.longBitsToDouble(Double.doubleToRawLongBits(g * v) & keep);
            }
            sums[channel] = sum;
            channel = channel + 1 == c ? 0 : channel + 1;
        }
    }

    private static void backwardRowsFloat(FloatIndexer x, FloatIndexer alpha, FloatIndexer dy,
                                          @Nullable FloatIndexer dx, double[] sums, long length, long c) {
        for (long row = 0; row < length; row += c) {
            for (int channel = 0; channel < c; channel++) {
                long e = row + channel;
                float v = x.get(e);
                float g = dy.get(e);
                int keep = v > 0 ? 0 : -1;
                if (dx != null) {
                    int slope = Float.floatToRawIntBits(alpha.get(channel));
                    dx.put(e, g * Float.intBitsToFloat(FLOAT_ONE ^ ((FLOAT_ONE ^ slope) & keep)));
                }
                sums[channel] += Double.longBitsToDouble(Double.doubleToRawLongBits((double) g * v) & keep);
            }
        }
    }

    private static void backwardRowsDouble(DoubleIndexer x, DoubleIndexer alpha, DoubleIndexer dy,
                                           @Nullable DoubleIndexer dx, double[] sums, long length, long c) {
        for (long row = 0; row < length; row += c) {
            for (int channel = 0; channel < c; channel++) {
                long e = row + channel;
                double v = x.get(e);
                double g = dy.get(e);
                long keep = v > 0 ? 0L : -1L;
                if (dx != null) {
                    long slope = Double.doubleToRawLongBits(alpha.get(channel));
                    dx.put(e, g * Double.longBitsToDouble(DOUBLE_ONE ^ ((DOUBLE_ONE ^ slope) & keep)));
                }
                sums[channel] += Double.longBitsToDouble(Double.doubleToRawLongBits(g * v) & keep);
            }
        }
    }

    /** α must be [C] (per channel) or [1] (shared). */
    private static void checkAlpha(INDArray x, int axis, INDArray alpha) {
        long c = x.size(axis);
        if (alpha.rank() != 1 || (alpha.length() != c && alpha.length() != 1)) {
            throw new IllegalArgumentException("alpha must have shape [" + c + "] (one per channel, axis " + axis
                    + " of x " + Arrays.toString(x.shape()) + ") or [1] (shared), got "
                    + Arrays.toString(alpha.shape()));
        }
    }
}
