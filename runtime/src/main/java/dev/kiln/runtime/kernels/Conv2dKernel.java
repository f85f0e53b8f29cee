package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import dev.kiln.ir.ActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D convolution (reference §1.1, §12): activations NCHW [N, C, H, W], weights
 * [outC, inC/groups, kH, kW], bias [outC], output [N, outC, Hout, Wout] with
 * y[n,o,p,q] = b[o] + Σ_{c in o's group} Σ_{i,j} w[o,c,i,j] · x[n, c, sH·p − pH + dH·i, sW·q − pW + dW·j]
 * (zero outside the input). Outputs are written into caller-owned buffers and overwritten, never
 * accumulated.
 *
 * <p>This class checks the arrays and picks the implementation; the implementations live apart:
 * {@link LibraryConvolution} (libnd4j's conv2d, conv2d_bp and depthwise ops, which oneDNN runs in a
 * oneDNN binary), {@link Im2colConvolution} (Kiln's im2col backward) and {@link GroupedConvolution}
 * (groups and depthwise).
 *
 * <p><b>Forward</b> is libnd4j's {@code conv2d} in NCHW; channels-last, below.
 *
 * <p><b>Backward</b> has three implementations of dW and dx; db is one sum of dy over N, H and W.
 * <ul>
 *   <li>Without dx, float32 and one group, where Kiln's own oneDNN is loaded: oneDNN's
 *       backward-weights primitive ({@link OneDnnWeightGradient}), in either layout; 0.4 ms for
 *       FashionCnn's first layer, where the two paths below took 10 and 17 ms.</li>
 *   <li>With a oneDNN binary and float32 arrays ({@link OneDnn#runs}), one group, no dilation, when
 *       dx is wanted: libnd4j's {@code conv2d_bp}, which oneDNN then runs (Winograd or direct kernels
 *       on blocked layouts). For [128,32,14,14] -> 64 filters, 3x3, it took 9-23 ms where the im2col
 *       path below took 56-78 ms on 2 cores.</li>
 *   <li>Otherwise libnd4j's {@code im2col}, two BLAS products per example and {@code col2im} into a
 *       per-thread scratch buffer. A null dx skips the input-gradient products and col2im
 *       altogether, which is why the first layer of a network (no dx) takes this path when Kiln's own
 *       oneDNN is not loaded (or for float64): conv2d_bp always computes dx, and for FashionCnn's first layer (1 -> 32 channels,
 *       28x28, batch 128) the im2col path's weight gradient alone took 10 ms, conv2d_bp 17 ms. The
 *       plain binaries' own {@code conv2d_bp} permute-copies its whole column tensor inside two
 *       tensor contractions, 2.5-4x slower than this path; it remains the fallback for arrays whose
 *       per-example blocks are not contiguous.</li>
 * </ul>
 *
 * <p><b>Channels-last</b> ({@link FeatureLayout#NHWC}, the methods taking a layout): x, y and their
 * gradients are [N, H, W, C], the weights stay [outC, inC, kH, kW]; libnd4j's {@code conv2d} and
 * {@code conv2d_bp} take the NHWC data format, which oneDNN runs without reordering the activations
 * in the forward. One group and no dilation only: those are what Kiln's planner puts in a
 * channels-last chain. The float32 forward runs on oneDNN's forward primitive where Kiln's own
 * oneDNN is loaded ({@link OneDnnConvolutionForward}: the same bits, faster in every shape measured,
 * 0.40 against 0.79 ms for a first layer 1 -> 24 channels at batch 64, 0.88 against 1.39 ms for a
 * 1x1 64 -> 256 at 16x16). In NCHW that primitive was slower than libnd4j's conv2d (3.3 against 2.3 ms for
 * 64 -> 64 3x3 at 16x16, batch 16), which reorders into oneDNN's blocked layout around it, so NCHW
 * keeps conv2d. Without dx (a network's first convolution), float32 dW comes from oneDNN's
 * backward-weights primitive ({@link OneDnnWeightGradient}, in either layout, about 15x faster than
 * the alternatives for FashionCnn's first layer); where that library is not loaded, and with one
 * input channel (see {@link #WEIGHT_GRADIENT_MAX_CHANNELS}), dW comes from im2col and one product per
 * example ({@link Im2colConvolution#channelsLastWeightGradient}); otherwise {@code conv2d_bp}
 * computes dx anyway, into scratch. (Calling the backward-data and backward-weights primitives
 * directly with dx was 4-8 % faster for 3x3 and 25-50 % for 1x1 convolutions, but once gave a wrong
 * 1x1 stride-2 weight gradient inside the full samples suite that no run alone reproduced; it is not
 * used until that is understood.)
 *
 * <p><b>Groups</b>: see {@link GroupedConvolution}.
 */
public final class Conv2dKernel {
    /**
     * The most input channels for which a channels-last backward without dx takes
     * {@link Im2colConvolution#channelsLastWeightGradient} rather than {@code conv2d_bp}. Measured on 2 cores (Zen 4,
     * oneDNN binary, float32, batch 128, 28x28 -> 32 filters 3x3 padding 1; medians of interleaved
     * calls in one process, ms, im2col path against conv2d_bp): 1 channel: 6.3-6.4 against 9.7-11.3
     * in three processes; 2 channels: 9.3 against 15.9; 3 channels: 12.4-14.1 against 9.6-16.8
     * (conv2d_bp's time changes from one process to the next), so no clear win; 8 channels: 26.3
     * against 8.9; 32 channels 14x14 -> 64: 33.6 against 13.9. The im2col path grows with the
     * channels (columns and products are C·kH·kW long, and im2col reads the NHWC input through an
     * NCHW-strided view) while oneDNN's kernels do not.
     */
    static final long WEIGHT_GRADIENT_MAX_CHANNELS = 1;

    private Conv2dKernel() {
    }

    /**
     * y = conv(x, W) + b into the preallocated y [N, outC, Hout, Wout] for a layer without activation
     * (its activation must be the identity; see {@link #forward(INDArray, Conv2dLayer, INDArray, INDArray)}).
     */
    public static void forward(INDArray x, Conv2dLayer conv, INDArray y) {
        forward(FeatureLayout.NCHW, x, conv, y);
    }

    /** As {@link #forward(INDArray, Conv2dLayer, INDArray)} with x and y in {@code layout}. */
    public static void forward(FeatureLayout layout, INDArray x, Conv2dLayer conv, INDArray y) {
        if (!conv.activation().isIdentity()) {
            throw new IllegalArgumentException("a convolution with activation " + conv.activation()
                    + " writes its pre-activation z and its output a: pass both");
        }
        linear(layout, x, conv, y);
    }

    /**
     * Convolution followed by the layer's activation: z = conv(x, W) + b is kept for the backward
     * pass and a = f(z). For the identity, {@code a} may be {@code z} itself, and then nothing is copied.
     */
    public static void forward(INDArray x, Conv2dLayer conv, INDArray z, INDArray a) {
        forward(FeatureLayout.NCHW, x, conv, z, a);
    }

    /** As {@link #forward(INDArray, Conv2dLayer, INDArray, INDArray)} in {@code layout}. */
    public static void forward(FeatureLayout layout, INDArray x, Conv2dLayer conv, INDArray z, INDArray a) {
        linear(layout, x, conv, z);
        ActivationFunction f = conv.activation();
        if (f.isIdentity()) {
            if (a != z) {
                a.assign(z);
            }
        } else {
            Activations.forward(f, z, a);
        }
    }

    /** z = conv(x, W) + b, by the implementation for the layout, groups and data type. */
    private static void linear(FeatureLayout layout, INDArray x, Conv2dLayer conv, INDArray z) {
        Conv2dGeometry g = conv.geometry();
        if (layout == FeatureLayout.NCHW) {
            checkForward(layout, x, conv, z);
            if (g.groups() == 1) {
                LibraryConvolution.forward(FeatureLayout.NCHW, x, conv.w(), conv.b(), g, z);
            } else {
                GroupedConvolution.forward(x, conv.w(), conv.b(), g, z);
            }
            return;
        }
        requireChannelsLastGeometry(g);
        checkForward(layout, x, conv, z);
        if (OneDnnConvolutionForward.runs(x, conv.w(), conv.b(), g, z)) {
            OneDnnConvolutionForward.compute(layout, x, conv.w(), conv.b(), g, z);
        } else {
            LibraryConvolution.forward(layout, x, conv.w(), conv.b(), g, z);
        }
    }

    /**
     * Gradients given dy = dL/dz [N, outC, Hout, Wout], the gradient at the convolution's output
     * before any activation: the layer's dW [outC, inC/groups, kH, kW] (required), its db = Σ_{n,h,w} dy
     * [outC] where the layer holds a bias gradient, and dx [N, C, H, W] (null when the input needs no
     * gradient). All are overwritten.
     */
    public static void backward(INDArray x, INDArray dy, Conv2dLayer conv, @Nullable INDArray dx) {
        backward(FeatureLayout.NCHW, x, dy, conv, dx);
    }

    /** As {@link #backward(INDArray, INDArray, Conv2dLayer, INDArray)} with x, dy and dx in {@code layout}. */
    public static void backward(FeatureLayout layout, INDArray x, INDArray dy, Conv2dLayer conv, @Nullable INDArray dx) {
        Conv2dGeometry g = conv.geometry();
        INDArray w = conv.w();
        INDArray dW = conv.weightGradient();
        if (layout == FeatureLayout.NCHW) {
            checkBackward(layout, x, dy, conv, dx);
            if (g.groups() > 1) {
                GroupedConvolution.backward(x, w, dy, g, dx, dW);
            } else if (dx != null && !LibraryConvolution.isDilated(g) && OneDnn.runs(x, w, dy, dx, dW)) {
                LibraryConvolution.backward(FeatureLayout.NCHW, x, w, dy, g, dx, dW);
            } else if (dx == null && OneDnnWeightGradient.runs(x, dy, g, dW)) {
                OneDnnWeightGradient.compute(FeatureLayout.NCHW, x, dy, g, dW);
            } else {
                Im2colConvolution.backward(x, w, dy, g, dx, dW);
            }
            if (conv.bGrad() != null) {
                AxisSums.sumNchw(dy, conv.bGrad());
            }
            return;
        }
        requireChannelsLastGeometry(g);
        checkBackward(layout, x, dy, conv, dx);
        if (dx == null && OneDnnWeightGradient.runs(x, dy, g, dW)) {
            OneDnnWeightGradient.compute(layout, x, dy, g, dW);
        } else if (dx == null && layout.channels(x) <= WEIGHT_GRADIENT_MAX_CHANNELS && Im2colConvolution.isContiguousC(dy)
                && Im2colConvolution.isContiguousC(dW)) {
            Im2colConvolution.channelsLastWeightGradient(x, dy, g, dW);
        } else {
            INDArray inputGradient = dx != null ? dx : Scratch.like(x, Scratch.Slot.CONV_INPUT_GRADIENT);
            LibraryConvolution.backward(layout, x, w, dy, g, inputGradient, dW);
        }
        if (conv.bGrad() != null) {
            AxisSums.sumChannels(layout, dy, conv.bGrad());
        }
    }

    /** The geometries a channels-last chain may hold; the planner keeps the others in NCHW. */
    private static void requireChannelsLastGeometry(Conv2dGeometry g) {
        if (g.groups() != 1 || LibraryConvolution.isDilated(g)) {
            throw new IllegalArgumentException("channels-last convolutions take one group and no dilation, got " + g);
        }
    }


    private static void checkForward(FeatureLayout layout, INDArray x, Conv2dLayer conv, INDArray y) {
        long[] out = checkCommon(layout, x, conv.w(), conv.geometry());
        ArrayChecks.requireShape("y", y, out);
        if (conv.b() != null) {
            ArrayChecks.requireShape("b", conv.b(), conv.w().size(0));
        }
    }

    private static void checkBackward(FeatureLayout layout, INDArray x, INDArray dy, Conv2dLayer conv, @Nullable INDArray dx) {
        INDArray w = conv.w();
        long[] out = checkCommon(layout, x, w, conv.geometry());
        ArrayChecks.requireShape("dy", dy, out);
        ArrayChecks.requireShape("dW", conv.weightGradient(), w.shape());
        if (conv.bGrad() != null) {
            ArrayChecks.requireShape("db", conv.bGrad(), w.size(0));
        }
        if (dx != null) {
            ArrayChecks.requireShape("dx", dx, x.shape());
        }
    }

    /** Checks x (in {@code layout}) and W against each other and the geometry; returns the output shape. */
    private static long[] checkCommon(FeatureLayout layout, INDArray x, INDArray w, Conv2dGeometry g) {
        ArrayChecks.requireRank("x", x, 4);
        ArrayChecks.requireRank("W", w, 4);
        long inC = layout.channels(x);
        long outC = w.size(0);
        int groups = g.groups();
        if (inC % groups != 0 || outC % groups != 0) {
            throw new IllegalArgumentException("groups " + groups + " must divide the input channels " + inC
                    + " and the output channels " + outC);
        }
        ArrayChecks.requireShape("W", w, outC, inC / groups, g.kH(), g.kW());
        int[] size = g.outputSize(Math.toIntExact(layout.height(x)), Math.toIntExact(layout.width(x)));
        return layout.shape(x.size(0), outC, size[0], size[1]);
    }
}
