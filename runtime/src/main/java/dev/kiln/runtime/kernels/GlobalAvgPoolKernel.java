package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global average pooling: [N, C, H, W] to [N, C], the mean of each channel's feature map. Both
 * directions see x as N·C rows of H·W values: the forward sums the rows ({@link AxisSums}), the
 * backward broadcasts one value per row over its H·W positions.
 */
public final class GlobalAvgPoolKernel {
    private GlobalAvgPoolKernel() {
    }

    /** y[n, c] = mean over h, w of x[n, c, h, w], overwritten. */
    public static void forward(INDArray x, INDArray y) {
        ArrayChecks.requireRank("x", x, 4);
        ArrayChecks.requireShape("y", y, x.size(0), x.size(1));
        long rows = x.size(0) * x.size(1);
        long area = x.size(2) * x.size(3);
        AxisSums.sum(Views.input(x, 1, rows, area), y);
        NativeOps.divide(y, ScalarRegister.of(y.dataType(), area), y);
    }

    /**
     * dx[n, c, h, w] = dy[n, c] / (H·W), overwritten: dy / (H·W) as a column [N·C, 1] times a row of
     * ones [1, H·W], which the element-wise product broadcasts to [N·C, H·W].
     */
    public static void backward(INDArray dy, INDArray dx) {
        ArrayChecks.requireRank("dx", dx, 4);
        ArrayChecks.requireShape("dy", dy, dx.size(0), dx.size(1));
        long rows = dx.size(0) * dx.size(1);
        long area = dx.size(2) * dx.size(3);
        INDArray share = Scratch.of(dy.dataType(), Scratch.Slot.WORK, rows, 1);
        NativeOps.scale(Views.input(dy, rows, 1), 1.0 / area, share);
        NativeOps.multiply(share, OnesRow.of(dx.dataType(), area), Views.output("dx", dx, rows, area));
    }
}
