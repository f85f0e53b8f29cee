package dev.kiln.runtime.kernels;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Convolutions with more than one group. libnd4j's conv2d has no groups argument. A depthwise conv
 * (groups = inC = outC) runs once as {@code depthwise_conv2d} / {@code depthwise_conv2d_bp}, whose
 * [multiplier, inC, kH, kW] weights (format 1) are our [C, 1, kH, kW] weights reshaped without a
 * copy. Any other grouping runs once per group on channel views of x, w, b, y and their gradients
 * (the ops read and write strided views in place); the views are cached ({@link GroupViews}), so
 * nothing is copied or allocated per call.
 */
final class GroupedConvolution {
    private GroupedConvolution() {
    }

    /** y = conv(x, w) + b for g.groups() > 1; {@code b} is null for no bias. */
    static void forward(INDArray x, INDArray w, @Nullable INDArray b, Conv2dGeometry g, INDArray y) {
        INDArray wDepthwise = isDepthwise(x, w, g.groups()) ? depthwiseView(w) : null;
        if (wDepthwise != null) {
            LibraryConvolution.depthwiseForward(x, wDepthwise, b, g, y);
            return;
        }
        int groups = g.groups();
        INDArray[] xs = GroupViews.of(x, 1, groups);
        INDArray[] ws = GroupViews.of(w, 0, groups);
        INDArray @Nullable [] bs = b == null ? null : GroupViews.of(b, 0, groups);
        INDArray[] ys = GroupViews.of(y, 1, groups);
        for (int group = 0; group < groups; group++) {
            LibraryConvolution.forward(FeatureLayout.NCHW, xs[group], ws[group], bs == null ? null : bs[group], g, ys[group]);
        }
    }

    /** dW and (unless {@code dx} is null) dx for g.groups() > 1; db is the caller's. */
    static void backward(INDArray x, INDArray w, INDArray dy, Conv2dGeometry g, @Nullable INDArray dx, INDArray dW) {
        int groups = g.groups();
        INDArray wDepthwise = isDepthwise(x, w, groups) ? depthwiseView(w) : null;
        INDArray dWDepthwise = wDepthwise != null ? depthwiseView(dW) : null;
        if (wDepthwise != null && dWDepthwise != null) {
            INDArray inputGradient = dx != null ? dx : Scratch.like(x, Scratch.Slot.CONV_INPUT_GRADIENT);
            LibraryConvolution.depthwiseBackward(x, wDepthwise, dy, g, inputGradient, dWDepthwise);
            return;
        }
        INDArray[] xs = GroupViews.of(x, 1, groups);
        INDArray[] ws = GroupViews.of(w, 0, groups);
        INDArray[] dys = GroupViews.of(dy, 1, groups);
        INDArray @Nullable [] dxs = dx == null ? null : GroupViews.of(dx, 1, groups);
        INDArray[] dWs = GroupViews.of(dW, 0, groups);
        for (int group = 0; group < groups; group++) {
            Im2colConvolution.backward(xs[group], ws[group], dys[group], g, dxs == null ? null : dxs[group], dWs[group]);
        }
    }

    private static boolean isDepthwise(INDArray x, INDArray w, int groups) {
        return groups == x.size(1) && groups == w.size(0);
    }

    /** [C, 1, kH, kW] seen as depthwise_conv2d's [1, C, kH, kW] (format 1), or null if that needs a copy. */
    private static @Nullable INDArray depthwiseView(INDArray w) {
        long[] shape = {1, w.size(0), w.size(2), w.size(3)};
        if (Im2colConvolution.isContiguousC(w)) {
            return ViewCache.reshaped(w, shape);
        }
        return Shape.newShapeNoCopy(w, shape, false);
    }
}
