package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling with libnd4j's {@code maxpool2d} / {@code maxpool2d_bp}, on NCHW arrays or, given
 * {@link FeatureLayout#NHWC}, channels-last ones (oneDNN's NHWC pooling was 1.5-4x faster); float32 on
 * oneDNN's own primitives where Kiln calls them ({@link OneDnnMaxPool}: the backward 2.7-3x faster than
 * {@code maxpool2d_bp}, with the same results). The float32 channels-last backward of a 2x2 window
 * of stride 2, every pool of the samples, is a Java pass of its own ({@link MaxPool2x2Backward},
 * 40-60 % faster than oneDNN's). Padding never wins the maximum: a window is the maximum over its
 * real input elements only.
 *
 * <p>Backward sends each dy element to the arg-max of its window (and adds up where windows overlap).
 * Ties: the gradient goes to the first maximum in row-major window order (top row first, leftmost
 * first), as libnd4j's strict {@code >} scan picks it; the other tied elements get nothing. A max
 * pool is not differentiable at a tie, so finite-difference tests keep their inputs distinct.
 */
public final class MaxPool2dKernel {
    private MaxPool2dKernel() {
    }

    /** y [N, C, Hout, Wout] = window maxima of x [N, C, H, W], overwritten. */
    public static void forward(INDArray x, Pool2dGeometry g, INDArray y) {
        forward(FeatureLayout.NCHW, x, g, y);
    }

    /** As {@link #forward(INDArray, Pool2dGeometry, INDArray)} with x and y in {@code layout}. */
    public static void forward(FeatureLayout layout, INDArray x, Pool2dGeometry g, INDArray y) {
        g.check(layout, "x", x, "y", y);
        if (OneDnnMaxPool.runs(x, y)) {
            OneDnnMaxPool.forward(layout, x, g, y);
            return;
        }
        PreparedOps.of("maxpool2d", 1, 1, g.libnd4jArgs(0, layout)).input(0, x).output(0, y).exec();
    }

    /** dx [N, C, H, W] = dy routed to each window's arg-max, overwritten. */
    public static void backward(INDArray x, INDArray dy, Pool2dGeometry g, INDArray dx) {
        backward(FeatureLayout.NCHW, x, dy, g, dx);
    }

    /** As {@link #backward(INDArray, INDArray, Pool2dGeometry, INDArray)} with x, dy and dx in {@code layout}. */
    public static void backward(FeatureLayout layout, INDArray x, INDArray dy, Pool2dGeometry g, INDArray dx) {
        g.check(layout, "x", x, "dy", dy);
        ArrayChecks.requireSameShape("x", x, "dx", dx);
        if (MaxPool2x2Backward.runs(layout, x, dy, g, dx)) {
            MaxPool2x2Backward.backward(x, dy, dx);
            return;
        }
        if (OneDnnMaxPool.runs(x, dy, dx)) {
            OneDnnMaxPool.backward(layout, x, dy, g, dx);
            return;
        }
        PreparedOps.of("maxpool2d_bp", 2, 1, g.libnd4jArgs(0, layout)).input(0, x).input(1, dy).output(0, dx).exec();
    }
}
