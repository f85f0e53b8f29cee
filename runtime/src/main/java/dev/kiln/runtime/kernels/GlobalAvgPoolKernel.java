package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.factory.Nd4j;

/** Global average pooling: [N, C, H, W] to [N, C], the mean of each channel's feature map. */
public final class GlobalAvgPoolKernel {
    private GlobalAvgPoolKernel() {
    }

    /** y[n, c] = mean over h, w of x[n, c, h, w], overwritten. */
    public static void forward(INDArray x, INDArray y) {
        ArrayChecks.requireRank("x", x, 4);
        ArrayChecks.requireShape("y", y, x.size(0), x.size(1));
        Nd4j.exec(new Mean(x, y, 2, 3));
    }

    /** dx[n, c, h, w] = dy[n, c] / (H·W), overwritten. */
    public static void backward(INDArray dy, INDArray dx) {
        ArrayChecks.requireRank("dx", dx, 4);
        ArrayChecks.requireShape("dy", dy, dx.size(0), dx.size(1));
        Nd4j.exec(new BroadcastCopyOp(dx, dy, dx, 0, 1));
        NativeOps.scale(dx, 1.0 / (dx.size(2) * dx.size(3)), dx);
    }
}
