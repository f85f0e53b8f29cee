package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Average pooling with libnd4j's {@code avgpool2d} / {@code avgpool2d_bp}, on NCHW arrays or, given
 * {@link FeatureLayout#NHWC}, channels-last ones.
 *
 * <p>Padding counts in the divisor: every window is divided by kH·kW, padded zeros included
 * (PyTorch's default {@code count_include_pad=True}; libnd4j's divisor argument 1). The layer is then
 * one fixed linear map, and its backward spreads dy / (kH·kW) over each window. Without padding (the
 * DenseNet transition's 2×2, stride 2) both conventions agree.
 */
public final class AvgPool2dKernel {
    /** libnd4j avgpool2d "extra" argument: 1 = divide by kH·kW, padding included. */
    private static final int INCLUDE_PADDING = 1;

    private AvgPool2dKernel() {
    }

    /** y [N, C, Hout, Wout] = window means of x [N, C, H, W], overwritten. */
    public static void forward(INDArray x, Pool2dGeometry g, INDArray y) {
        forward(FeatureLayout.NCHW, x, g, y);
    }

    /** As {@link #forward(INDArray, Pool2dGeometry, INDArray)} with x and y in {@code layout}. */
    public static void forward(FeatureLayout layout, INDArray x, Pool2dGeometry g, INDArray y) {
        g.check(layout, "x", x, "y", y);
        PreparedOps.of("avgpool2d", 1, 1, g.libnd4jArgs(INCLUDE_PADDING, layout)).input(0, x).output(0, y).exec();
    }

    /** dx [N, C, H, W]: each dy element spread evenly over its window, overwritten. */
    public static void backward(INDArray x, INDArray dy, Pool2dGeometry g, INDArray dx) {
        backward(FeatureLayout.NCHW, x, dy, g, dx);
    }

    /** As {@link #backward(INDArray, INDArray, Pool2dGeometry, INDArray)} with x, dy and dx in {@code layout}. */
    public static void backward(FeatureLayout layout, INDArray x, INDArray dy, Pool2dGeometry g, INDArray dx) {
        g.check(layout, "x", x, "dy", dy);
        ArrayChecks.requireSameShape("x", x, "dx", dx);
        PreparedOps.of("avgpool2d_bp", 2, 1, g.libnd4jArgs(INCLUDE_PADDING, layout)).input(0, x).input(1, dy).output(0, dx)
                .exec();
    }
}
