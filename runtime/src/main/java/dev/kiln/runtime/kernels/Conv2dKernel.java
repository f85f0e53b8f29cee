package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import dev.kiln.ir.ActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * 2-D convolution (reference §1.1, §12): activations NCHW [N, C, H, W], weights
 * [outC, inC/groups, kH, kW], bias [outC], output [N, outC, Hout, Wout] with
 * y[n,o,p,q] = b[o] + Σ_{c in o's group} Σ_{i,j} w[o,c,i,j] · x[n, c, sH·p − pH + dH·i, sW·q − pW + dW·j]
 * (zero outside the input). Outputs are written into caller-owned buffers and overwritten, never
 * accumulated.
 *
 * <p><b>Forward</b> is libnd4j's {@code conv2d}. Its integer arguments, in order: kH, kW, sH, sW, pH,
 * pW, dH, dW, isSameMode (0: the explicit padding is used), dataFormat (0 = NCHW, 1 = NHWC) and
 * weightsFormat (0 = [kH, kW, inC, outC], 1 = [outC, inC, kH, kW], 2 = [outC, kH, kW, inC]). Kiln
 * passes isSameMode 0 (padding comes from {@link Conv2dGeometry}), NCHW and weightsFormat 1, so its
 * weights go in as they are stored, with no permuted copy on the Java side. Each of these was checked
 * against a loop implementation.
 *
 * <p><b>Backward</b> has two implementations of dW and dx; db is one sum of dy over N, H and W.
 * <ul>
 *   <li>With a oneDNN binary and float32 arrays ({@link OneDnn#runs}), one group, no dilation, when
 *       dx is wanted: libnd4j's {@code conv2d_bp}, which oneDNN then runs (Winograd or direct kernels
 *       on blocked layouts). For [128,32,14,14] -> 64 filters, 3x3, it took 9-23 ms where the im2col
 *       path below took 56-78 ms on 2 cores.</li>
 *   <li>Otherwise libnd4j's {@code im2col}, two BLAS products per example and {@code col2im} into a
 *       per-thread scratch buffer. A null dx skips the input-gradient products and col2im
 *       altogether, which is why the first layer of a network (no dx) stays on this path even with
 *       oneDNN: conv2d_bp always computes dx, and for FashionCnn's first layer (1 -> 32 channels,
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
 * channels-last chain. Without dx and with one input channel (a network's first convolution on grey
 * images; see {@link #WEIGHT_GRADIENT_MAX_CHANNELS}), dW comes from im2col and one
 * product per example instead ({@link #channelsLastWeightGradient}); otherwise {@code conv2d_bp}
 * computes dx anyway, into scratch.
 *
 * <p><b>Groups</b>: libnd4j's conv2d has no groups argument. A depthwise conv (groups = inC = outC)
 * runs once as {@code depthwise_conv2d} / {@code depthwise_conv2d_bp}, whose [multiplier, inC, kH, kW]
 * weights (format 1) are our [C, 1, kH, kW] weights reshaped without a copy. Any other grouping runs
 * once per group on channel views of x, w, b, y and their gradients (the ops read and write strided
 * views in place), so nothing is copied or allocated beyond the view headers.
 */
public final class Conv2dKernel {
    /** isSameMode: 0 = use the given padding. */
    private static final int EXPLICIT_PADDING = 0;
    /** weightsFormat: 1 = [outC, inC, kH, kW] (OIYX). */
    private static final int OIYX = 1;
    /**
     * The most input channels for which a channels-last backward without dx takes
     * {@link #channelsLastWeightGradient} rather than {@code conv2d_bp}. Measured on 2 cores (Zen 4,
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

    /** y = conv(x, w) + b into the preallocated y [N, outC, Hout, Wout]; {@code b} is null for no bias. */
    public static void forward(INDArray x, INDArray w, INDArray b, Conv2dGeometry g, INDArray y) {
        checkForward(FeatureLayout.NCHW, x, w, b, g, y);
        int groups = g.groups();
        if (groups == 1) {
            conv2d(FeatureLayout.NCHW, x, w, b, g, y);
        } else {
            INDArray wDepthwise = isDepthwise(x, w, groups) ? depthwiseView(w) : null;
            if (wDepthwise != null) {
                depthwise(x, wDepthwise, b, g, y);
            } else {
                perGroupForward(x, w, b, g, y);
            }
        }
    }

    /** As {@link #forward(INDArray, INDArray, INDArray, Conv2dGeometry, INDArray)} with x and y in {@code layout}. */
    public static void forward(FeatureLayout layout, INDArray x, INDArray w, INDArray b, Conv2dGeometry g, INDArray y) {
        if (layout == FeatureLayout.NCHW) {
            forward(x, w, b, g, y);
            return;
        }
        requireChannelsLastGeometry(g);
        checkForward(layout, x, w, b, g, y);
        conv2d(layout, x, w, b, g, y);
    }

    /**
     * Convolution followed by an activation: z = conv(x, w) + b is kept for the backward pass and
     * a = f(z). For the identity, {@code a} may be {@code z} itself, and then nothing is copied.
     */
    public static void forward(INDArray x, INDArray w, INDArray b, Conv2dGeometry g, ActivationFunction f,
                               INDArray z, INDArray a) {
        forward(FeatureLayout.NCHW, x, w, b, g, f, z, a);
    }

    /** As {@link #forward(INDArray, INDArray, INDArray, Conv2dGeometry, ActivationFunction, INDArray, INDArray)} in {@code layout}. */
    public static void forward(FeatureLayout layout, INDArray x, INDArray w, INDArray b, Conv2dGeometry g,
                               ActivationFunction f, INDArray z, INDArray a) {
        forward(layout, x, w, b, g, z);
        if (f.isIdentity()) {
            if (a != z) {
                a.assign(z);
            }
        } else {
            Activations.forward(f, z, a);
        }
    }

    /**
     * Gradients given dy = dL/dy [N, outC, Hout, Wout]: dW [outC, inC/groups, kH, kW], db = Σ_{n,h,w} dy
     * [outC] (null for a conv without bias) and dx [N, C, H, W] (null when the input needs no
     * gradient). All are overwritten.
     */
    public static void backward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, @Nullable INDArray dx, INDArray dW,
                                @Nullable INDArray db) {
        checkBackward(FeatureLayout.NCHW, x, w, dy, g, dx, dW, db);
        int groups = g.groups();
        if (groups == 1 && dx != null && !isDilated(g) && OneDnn.runs(x, w, dy, dx, dW)) {
            conv2dBackward(FeatureLayout.NCHW, x, w, dy, g, dx, dW);
        } else if (groups == 1) {
            groupBackward(x, w, dy, g, dx, dW);
        } else {
            INDArray wDepthwise = isDepthwise(x, w, groups) ? depthwiseView(w) : null;
            INDArray dWDepthwise = wDepthwise != null ? depthwiseView(dW) : null;
            if (wDepthwise != null && dWDepthwise != null) {
                INDArray inputGradient = dx != null ? dx : Scratch.like(x, Scratch.Slot.CONV_INPUT_GRADIENT);
                depthwiseBackward(x, wDepthwise, dy, g, inputGradient, dWDepthwise);
            } else {
                long inPerGroup = x.size(1) / groups;
                long outPerGroup = w.size(0) / groups;
                for (int group = 0; group < groups; group++) {
                    groupBackward(channels(x, group, inPerGroup), rows(w, group, outPerGroup),
                            channels(dy, group, outPerGroup), g,
                            dx == null ? null : channels(dx, group, inPerGroup), rows(dW, group, outPerGroup));
                }
            }
        }
        if (db != null) {
            AxisSums.sumNchw(dy, db);
        }
    }

    /**
     * As {@link #backward(INDArray, INDArray, INDArray, Conv2dGeometry, INDArray, INDArray, INDArray)}
     * with x, dy and dx in {@code layout}.
     */
    public static void backward(FeatureLayout layout, INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, @Nullable INDArray dx,
                                INDArray dW, @Nullable INDArray db) {
        if (layout == FeatureLayout.NCHW) {
            backward(x, w, dy, g, dx, dW, db);
            return;
        }
        requireChannelsLastGeometry(g);
        checkBackward(layout, x, w, dy, g, dx, dW, db);
        if (dx == null && layout.channels(x) <= WEIGHT_GRADIENT_MAX_CHANNELS && isContiguousC(dy) && isContiguousC(dW)) {
            channelsLastWeightGradient(x, dy, g, dW);
        } else {
            INDArray inputGradient = dx != null ? dx : Scratch.like(x, Scratch.Slot.CONV_INPUT_GRADIENT);
            conv2dBackward(layout, x, w, dy, g, inputGradient, dW);
        }
        if (db != null) {
            AxisSums.sumChannels(layout, dy, db);
        }
    }

    /**
     * dW and (unless {@code dx} is null) dx of one dense (single-group) convolution, as im2col, two
     * BLAS products per example and col2im:
     * <pre>
     *   cols[n] = im2col(x[n])                      [K, P]   K = C·kH·kW, P = Hout·Wout
     *   dW     += dy[n] · cols[n]ᵀ                  [outC, K]
     *   cols[n] = Wᵀ · dy[n]                        [K, P]   (overwrites the columns just used)
     *   dx      = col2im(cols)
     * </pre>
     * The columns live in a per-thread scratch buffer and every product reads and writes contiguous
     * per-example blocks. Falls back to conv2d_bp when W, dW or dy cannot be viewed that way.
     */
    static void groupBackward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, @Nullable INDArray dx, INDArray dW) {
        long outC = w.size(0);
        long k = w.size(1) * w.size(2) * w.size(3);
        long hOut = dy.size(2);
        long wOut = dy.size(3);
        long p = hOut * wOut;
        INDArray w2 = matrixView(w, outC, k);
        INDArray dW2 = matrixView(dW, outC, k);
        if (w2 == null || dW2 == null || !examplesAreContiguous(dy)) {
            INDArray inputGradient = dx != null ? dx : Scratch.like(x, Scratch.Slot.CONV_INPUT_GRADIENT);
            conv2dBackward(FeatureLayout.NCHW, x, w, dy, g, inputGradient, dW);
            return;
        }
        INDArray columns = im2col(x, g, hOut, wOut);
        // Prepared products bound to cached per-example views: a product per example and call would
        // otherwise build a native context and two views each time (129 contexts and 258 small
        // native arrays per call for a batch of 128). All weight-gradient products read the columns
        // before the input-gradient products overwrite them with Wᵀ dy_n.
        INDArray[] dyN = ExampleViews.of(dy, outC, p);
        INDArray[] columnsN = ExampleViews.of(columns, k, p);
        ExampleProducts.sum(ExampleProducts.Form.A_BT, dyN, columnsN, dW2);
        if (dx != null) {
            ExampleProducts.each(ExampleProducts.Form.AT_B, w2, dyN, columnsN);
        }
        if (dx != null) {
            // col2im integer arguments: sH, sW, pH, pW, H, W, dH, dW, isSameMode (libnd4j's C++ order;
            // the Java Col2Im class passes kH, kW where H, W belong).
            PreparedOps.of("col2im", 1, 1, g.strideH(), g.strideW(), g.padH(), g.padW(), Math.toIntExact(x.size(2)),
                    Math.toIntExact(x.size(3)), g.dilationH(), g.dilationW(), EXPLICIT_PADDING)
                    .input(0, columns).output(0, dx).exec();
        }
    }

    /**
     * dW of a channels-last convolution (one group, no dilation) without dx, for x [N, H, W, C] and
     * a c-ordered dy [N, Hout, Wout, outC] and dW:
     * <pre>
     *   cols[n] = im2col(x[n])                      [K, P]   K = C·kH·kW, P = Hout·Wout
     *   dWᵀ    += cols[n] · dy[n]                   [K, outC]
     * </pre>
     * dy[n] is already the row-major [P, outC] matrix, and the products write dW [outC, K] through
     * its transposed view, so nothing is permuted or copied. One product per example rather than
     * one over all N·P rows: that needs the columns as [K, N·P], and im2col into such a permuted
     * buffer took 10.2 ms for the bench CNN's conv1 (c-ordered: 1.9 ms), the product then 2.6 ms
     * more; the 128 per-example products take 4.4 ms on OpenBLAS (oneDNN's matmul: 4.5; a batched
     * product to [N, outC, K] and a sum over N: 4.6 with either).
     */
    static void channelsLastWeightGradient(INDArray x, INDArray dy, Conv2dGeometry g, INDArray dW) {
        long outC = dW.size(0);
        long k = dW.length() / outC;
        long hOut = dy.size(1);
        long wOut = dy.size(2);
        INDArray columns = im2col(FeatureLayout.NHWC.nchw(x), g, hOut, wOut);
        INDArray[] dyN = ExampleViews.of(dy, hOut * wOut, outC);
        INDArray[] columnsN = ExampleViews.of(columns, k, hOut * wOut);
        INDArray dWTransposed = ViewCache.transposed(ViewCache.reshaped(dW, outC, k));
        ExampleProducts.sum(ExampleProducts.Form.A_B, columnsN, dyN, dWTransposed);
    }

    /** libnd4j's im2col of an NCHW(-shaped) x into the per-thread columns [N, C, kH, kW, Hout, Wout]. */
    private static INDArray im2col(INDArray x, Conv2dGeometry g, long hOut, long wOut) {
        INDArray columns = Scratch.of(x.dataType(), Scratch.Slot.CONV_COLUMNS,
                x.size(0), x.size(1), g.kH(), g.kW(), hOut, wOut);
        PreparedOps.of("im2col", 1, 1, g.kH(), g.kW(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(),
                g.dilationW(), EXPLICIT_PADDING).input(0, x).output(0, columns).exec();
        return columns;
    }

    /** True when a is c-ordered with no gaps, so any reshape of it, and its per-example blocks, are views. */
    private static boolean isContiguousC(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1;
    }

    /** w [outC, ...] as the matrix [outC, k] sharing its memory, or null when that needs a copy. */
    private static INDArray matrixView(INDArray w, long outC, long k) {
        if (w.ordering() == 'c' && w.elementWiseStride() == 1) {
            return ViewCache.reshaped(w, outC, k);
        }
        return Shape.newShapeNoCopy(w, new long[]{outC, k}, false);
    }

    /** True when every a[n] of an NCHW array is one contiguous c-ordered [C, H, W] block. */
    private static boolean examplesAreContiguous(INDArray a) {
        return (a.size(3) == 1 || a.stride(3) == 1)
                && (a.size(2) == 1 || a.stride(2) == a.size(3))
                && (a.size(1) == 1 || a.stride(1) == a.size(2) * a.size(3));
    }

    private static boolean isDepthwise(INDArray x, INDArray w, int groups) {
        return groups == x.size(1) && groups == w.size(0);
    }

    /** [C, 1, kH, kW] seen as depthwise_conv2d's [1, C, kH, kW] (format 1), or null if that needs a copy. */
    private static @Nullable INDArray depthwiseView(INDArray w) {
        long[] shape = {1, w.size(0), w.size(2), w.size(3)};
        if (isContiguousC(w)) {
            return ViewCache.reshaped(w, shape);
        }
        return Shape.newShapeNoCopy(w, shape, false);
    }

    private static void conv2d(FeatureLayout layout, INDArray x, INDArray w, @Nullable INDArray b, Conv2dGeometry g, INDArray y) {
        PreparedOp op = PreparedOps.of("conv2d", !isDilated(g), b == null ? 2 : 3, 1, intArgs(g, layout)).input(0, x)
                .input(1, w);
        if (b != null) {
            op.input(2, b);
        }
        op.output(0, y).exec();
    }

    /** libnd4j's conv2d_bp: dx and dW (no bias input, so no db). */
    static void conv2dBackward(FeatureLayout layout, INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx,
                               INDArray dW) {
        PreparedOps.of("conv2d_bp", !isDilated(g), 3, 2, intArgs(g, layout)).input(0, x).input(1, w).input(2, dy)
                .output(0, dx).output(1, dW).exec();
    }

    /** The geometries a channels-last chain may hold; the planner keeps the others in NCHW. */
    private static void requireChannelsLastGeometry(Conv2dGeometry g) {
        if (g.groups() != 1 || isDilated(g)) {
            throw new IllegalArgumentException("channels-last convolutions take one group and no dilation, got " + g);
        }
    }

    /**
     * libnd4j M2.1 hands oneDNN the dilation as it is, where oneDNN counts it from 0 (1 = one gap),
     * so a dilated conv2d or conv2d_bp fails in float32 with a oneDNN binary ("could not create a
     * descriptor for a dilated convolution"), or, where the output sizes happen to agree, would
     * compute another convolution. Dilated convolutions therefore keep libnd4j's own
     * implementation (the op's helpers are turned off; depthwise_conv2d is not affected).
     */
    private static boolean isDilated(Conv2dGeometry g) {
        return g.dilationH() != 1 || g.dilationW() != 1;
    }

    private static void depthwise(INDArray x, INDArray w, @Nullable INDArray b, Conv2dGeometry g, INDArray y) {
        PreparedOp op = PreparedOps.of("depthwise_conv2d", b == null ? 2 : 3, 1, intArgs(g, FeatureLayout.NCHW))
                .input(0, x).input(1, w);
        if (b != null) {
            op.input(2, b);
        }
        op.output(0, y).exec();
    }

    private static void depthwiseBackward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx,
                                          INDArray dW) {
        PreparedOps.of("depthwise_conv2d_bp", 3, 2, intArgs(g, FeatureLayout.NCHW)).input(0, x).input(1, w)
                .input(2, dy).output(0, dx).output(1, dW).exec();
    }

    private static void perGroupForward(INDArray x, INDArray w, @Nullable INDArray b, Conv2dGeometry g, INDArray y) {
        int groups = g.groups();
        long inPerGroup = x.size(1) / groups;
        long outPerGroup = w.size(0) / groups;
        for (int group = 0; group < groups; group++) {
            conv2d(FeatureLayout.NCHW, channels(x, group, inPerGroup), rows(w, group, outPerGroup),
                    b == null ? null : ViewCache.rows(b, group * outPerGroup, (group + 1) * outPerGroup),
                    g, channels(y, group, outPerGroup));
        }
    }

    /** Channels [group·size, (group+1)·size) of an NCHW array, as a (cached) view. */
    private static INDArray channels(INDArray a, int group, long size) {
        return ViewCache.channels(a, group * size, (group + 1) * size);
    }

    /** Output-channel rows [group·size, (group+1)·size) of a weight array, as a (cached) view. */
    private static INDArray rows(INDArray w, int group, long size) {
        return ViewCache.rows(w, group * size, (group + 1) * size);
    }

    private static int[] intArgs(Conv2dGeometry g, FeatureLayout layout) {
        return new int[]{g.kH(), g.kW(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(),
                g.dilationW(), EXPLICIT_PADDING, layout.libnd4jFormat(), OIYX};
    }

    private static void checkForward(FeatureLayout layout, INDArray x, INDArray w, @Nullable INDArray b, Conv2dGeometry g,
                                     INDArray y) {
        long[] out = checkCommon(layout, x, w, g);
        ArrayChecks.requireShape("y", y, out);
        if (b != null) {
            ArrayChecks.requireShape("b", b, w.size(0));
        }
    }

    private static void checkBackward(FeatureLayout layout, INDArray x, INDArray w, INDArray dy, Conv2dGeometry g,
                                      @Nullable INDArray dx, INDArray dW, @Nullable INDArray db) {
        long[] out = checkCommon(layout, x, w, g);
        ArrayChecks.requireShape("dy", dy, out);
        ArrayChecks.requireShape("dW", dW, w.shape());
        if (db != null) {
            ArrayChecks.requireShape("db", db, w.size(0));
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
