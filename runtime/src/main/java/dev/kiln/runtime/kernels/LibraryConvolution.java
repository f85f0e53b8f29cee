package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * libnd4j's convolution ops, called through prepared contexts: {@code conv2d} and {@code conv2d_bp}
 * (oneDNN runs them in a oneDNN binary) and {@code depthwise_conv2d} / {@code depthwise_conv2d_bp}.
 * Their integer arguments, in order: kH, kW, sH, sW, pH, pW, dH, dW, isSameMode (0: the explicit
 * padding is used), dataFormat (0 = NCHW, 1 = NHWC) and weightsFormat (0 = [kH, kW, inC, outC], 1 =
 * [outC, inC, kH, kW], 2 = [outC, kH, kW, inC]). Kiln passes isSameMode 0 (padding comes from
 * {@link Conv2dGeometry}) and weightsFormat 1, so its weights go in as they are stored, with no
 * permuted copy on the Java side. Each of these was checked against a loop implementation.
 */
final class LibraryConvolution {
    /** isSameMode: 0 = use the given padding. */
    static final int EXPLICIT_PADDING = 0;
    /** weightsFormat: 1 = [outC, inC, kH, kW] (OIYX). */
    private static final int OIYX = 1;

    private LibraryConvolution() {
    }

    static void forward(FeatureLayout layout, INDArray x, INDArray w, @Nullable INDArray b, Conv2dGeometry g, INDArray y) {
        PreparedOp op = PreparedOps.of("conv2d", !isDilated(g), b == null ? 2 : 3, 1, intArgs(g, layout)).input(0, x)
                .input(1, w);
        if (b != null) {
            op.input(2, b);
        }
        op.output(0, y).exec();
    }

    /**
     * libnd4j's conv2d_bp: dx and dW (no bias input, so no db), on whole arrays or, from
     * {@link Im2colConvolution}, on one example's or one group's slices.
     */
    static void backward(FeatureLayout layout, INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx,
                         INDArray dW) {
        PreparedOps.of("conv2d_bp", !isDilated(g), 3, 2, intArgs(g, layout)).input(0, x).input(1, w).input(2, dy)
                .output(0, dx).output(1, dW).exec();
    }


    /**
     * libnd4j M2.1 hands oneDNN the dilation as it is, where oneDNN counts it from 0 (1 = one gap),
     * so a dilated conv2d or conv2d_bp fails in float32 with a oneDNN binary ("could not create a
     * descriptor for a dilated convolution"), or, where the output sizes happen to agree, would
     * compute another convolution. Dilated convolutions therefore keep libnd4j's own
     * implementation (the op's helpers are turned off; depthwise_conv2d is not affected).
     */
    static boolean isDilated(Conv2dGeometry g) {
        return g.dilationH() != 1 || g.dilationW() != 1;
    }


    static void depthwiseForward(INDArray x, INDArray w, @Nullable INDArray b, Conv2dGeometry g, INDArray y) {
        PreparedOp op = PreparedOps.of("depthwise_conv2d", b == null ? 2 : 3, 1, intArgs(g, FeatureLayout.NCHW))
                .input(0, x).input(1, w);
        if (b != null) {
            op.input(2, b);
        }
        op.output(0, y).exec();
    }

    static void depthwiseBackward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, INDArray dx,
                                          INDArray dW) {
        PreparedOps.of("depthwise_conv2d_bp", 3, 2, intArgs(g, FeatureLayout.NCHW)).input(0, x).input(1, w)
                .input(2, dy).output(0, dx).output(1, dW).exec();
    }


    private static int[] intArgs(Conv2dGeometry g, FeatureLayout layout) {
        return new int[]{g.kH(), g.kW(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(),
                g.dilationW(), EXPLICIT_PADDING, layout.libnd4jFormat(), OIYX};
    }

}
