package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Flatten and reshape as a copy between buffers of the same size per example, e.g. {@code [n,C,H,W] -> [n,C*H*W]}. */
public final class ReshapeKernel {
    private ReshapeKernel() {
    }

    /** out = x viewed as [n, rest]. A copy, so the generated buffers keep one owner each. */
    public static void forward(INDArray x, INDArray out) {
        out.assign(x.reshape('c', out.shape()));
    }

    /** dx = dOut viewed in the input's shape. */
    public static void backward(INDArray dOut, INDArray dx) {
        dx.assign(dOut.reshape('c', dx.shape()));
    }
}
