package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Flatten and reshape as a copy between buffers of the same size per example, e.g. {@code [n,C,H,W] -> [n,C*H*W]}. */
public final class ReshapeKernel {
    private ReshapeKernel() {
    }

    /** out = x viewed as [n, rest]. A copy, so the generated buffers keep one owner each. */
    public static void forward(INDArray x, INDArray out) {
        copy(x, out);
    }

    /** dx = dOut viewed in the input's shape. */
    public static void backward(INDArray dOut, INDArray dx) {
        copy(dOut, dx);
    }

    /**
     * to = from, element for element in c order. For a contiguous {@code to} (the model's own
     * buffer, the same every step) the copy goes through a cached view of it in from's shape, since
     * {@code from} may be a new array every step (a batch of features) and a new view of it would
     * allocate a shape buffer each time. A strided {@code to} (a channels-last gradient seen as NCHW,
     * {@link FeatureLayout#nchw}) is written through a cached view of a contiguous {@code from}.
     */
    private static void copy(INDArray from, INDArray to) {
        if (isContiguousC(to)) {
            ViewCache.reshaped(to, from.shape()).assign(from);
        } else if (isContiguousC(from)) {
            to.assign(ViewCache.reshaped(from, to.shape()));
        } else {
            to.assign(from.reshape('c', to.shape()));
        }
    }

    private static boolean isContiguousC(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1;
    }
}
