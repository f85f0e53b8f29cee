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
 * <p>Why Java loops and not libnd4j: its {@code prelu_bp} takes the positive side at x = 0
 * (derivative 1), and the same results from its element-wise ops would take four passes over
 * memory for the forward and six or more for the backward (an indicator, the per-channel slope,
 * the product, dy·min(x, 0) and its per-channel sums); here each is one pass ({@link LoopArrays}),
 * single-threaded. In float32 the products are float32, as libnd4j's would be, and dα is summed in
 * float64 and rounded once.
 *
 * <p>NaN: a NaN in x is not > 0, so its output is α·NaN = NaN, its dx is α·dy and it makes its
 * channel's dα (or the shared one) NaN; a NaN α makes the outputs of its x ≤ 0 elements NaN.
 *
 * <p>Aliasing: y must not share memory with x (the backward needs x) or α; dx may be dy; dAlpha
 * shares memory with nothing.
 */
public final class PReluKernel {
    private static final String NAME = "PReLU";

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
        long inner = LoopArrays.after(x, axis);
        long outer = x.length() / (c * inner);
        long alphaStep = alpha.length() == 1 ? 0 : 1;
        INDArray xs = LoopArrays.input(x, Scratch.Slot.LOOP_INPUT);
        INDArray as = LoopArrays.input(alpha, Scratch.Slot.LOOP_PARAMETER);
        INDArray ys = LoopArrays.output(y, Scratch.Slot.LOOP_OUTPUT);
        if (x.dataType() == DataType.FLOAT) {
            forwardFloat(LoopArrays.floats(xs), LoopArrays.floats(as), LoopArrays.floats(ys), outer, c, inner,
                    alphaStep);
        } else {
            forwardDouble(LoopArrays.doubles(xs), LoopArrays.doubles(as), LoopArrays.doubles(ys), outer, c, inner,
                    alphaStep);
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
        long inner = LoopArrays.after(x, axis);
        long outer = x.length() / (c * inner);
        long alphaStep = alpha.length() == 1 ? 0 : 1;
        INDArray xs = LoopArrays.input(x, Scratch.Slot.LOOP_INPUT);
        INDArray as = LoopArrays.input(alpha, Scratch.Slot.LOOP_PARAMETER);
        INDArray dys = LoopArrays.input(dy, Scratch.Slot.LOOP_GRADIENT);
        INDArray dxs = dx == null ? null : LoopArrays.output(dx, Scratch.Slot.LOOP_OUTPUT);
        INDArray dAlphas = LoopArrays.output(dAlpha, Scratch.Slot.LOOP_PARAMETER_GRADIENT);
        double[] sums = LoopArrays.sums(alpha.length());
        if (x.dataType() == DataType.FLOAT) {
            backwardFloat(LoopArrays.floats(xs), LoopArrays.floats(as), LoopArrays.floats(dys),
                    dxs == null ? null : LoopArrays.floats(dxs), sums, outer, c, inner, alphaStep);
            FloatIndexer out = LoopArrays.floats(dAlphas);
            for (long j = 0; j < alpha.length(); j++) {
                out.put(j, (float) sums[(int) j]);
            }
        } else {
            backwardDouble(LoopArrays.doubles(xs), LoopArrays.doubles(as), LoopArrays.doubles(dys),
                    dxs == null ? null : LoopArrays.doubles(dxs), sums, outer, c, inner, alphaStep);
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

    /** x viewed as [outer, c, inner]; α index = channel·alphaStep (0 when shared). */
    private static void forwardFloat(FloatIndexer x, FloatIndexer alpha, FloatIndexer y, long outer, long c,
                                     long inner, long alphaStep) {
        long e = 0;
        for (long o = 0; o < outer; o++) {
            for (long channel = 0; channel < c; channel++) {
                float a = alpha.get(channel * alphaStep);
                for (long end = e + inner; e < end; e++) {
                    float v = x.get(e);
                    y.put(e, v > 0 ? v : a * v);
                }
            }
        }
    }

    private static void forwardDouble(DoubleIndexer x, DoubleIndexer alpha, DoubleIndexer y, long outer, long c,
                                      long inner, long alphaStep) {
        long e = 0;
        for (long o = 0; o < outer; o++) {
            for (long channel = 0; channel < c; channel++) {
                double a = alpha.get(channel * alphaStep);
                for (long end = e + inner; e < end; e++) {
                    double v = x.get(e);
                    y.put(e, v > 0 ? v : a * v);
                }
            }
        }
    }

    /**
     * dx (when wanted) and the float64 sums of dy·x over x ≤ 0 into sums[channel·alphaStep], added
     * one by one in c order, so a channel's sum runs over its elements in (n, h, w) order in either
     * layout and NHWC gives NCHW's dα bit for bit (a shared α's sum visits the channels in another
     * order and agrees to rounding).
     */
    private static void backwardFloat(FloatIndexer x, FloatIndexer alpha, FloatIndexer dy, @Nullable FloatIndexer dx,
                                      double[] sums, long outer, long c, long inner, long alphaStep) {
        long e = 0;
        for (long o = 0; o < outer; o++) {
            for (long channel = 0; channel < c; channel++) {
                float a = alpha.get(channel * alphaStep);
                int k = (int) (channel * alphaStep);
                double sum = sums[k];
                for (long end = e + inner; e < end; e++) {
                    float v = x.get(e);
                    float g = dy.get(e);
                    if (v > 0) {
                        if (dx != null) {
                            dx.put(e, g);
                        }
                    } else {
                        if (dx != null) {
                            dx.put(e, a * g);
                        }
                        sum += (double) g * v;
                    }
                }
                sums[k] = sum;
            }
        }
    }

    private static void backwardDouble(DoubleIndexer x, DoubleIndexer alpha, DoubleIndexer dy,
                                       @Nullable DoubleIndexer dx, double[] sums, long outer, long c, long inner,
                                       long alphaStep) {
        long e = 0;
        for (long o = 0; o < outer; o++) {
            for (long channel = 0; channel < c; channel++) {
                double a = alpha.get(channel * alphaStep);
                int k = (int) (channel * alphaStep);
                double sum = sums[k];
                for (long end = e + inner; e < end; e++) {
                    double v = x.get(e);
                    double g = dy.get(e);
                    if (v > 0) {
                        if (dx != null) {
                            dx.put(e, g);
                        }
                    } else {
                        if (dx != null) {
                            dx.put(e, a * g);
                        }
                        sum += g * v;
                    }
                }
                sums[k] = sum;
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
