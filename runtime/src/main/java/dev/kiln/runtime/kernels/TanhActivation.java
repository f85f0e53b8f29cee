package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** tanh(x); tanh' = 1 - tanh², taken from the output. */
final class TanhActivation extends DerivativeTimesGradient {

    @Override
    public void forward(INDArray z, INDArray out) {
        NativeOps.tanh(z, out);
    }

    @Override
    void derivative(INDArray z, INDArray out, INDArray derivative) {
        NativeOps.multiply(out, out, derivative);
        NativeOps.subtractFromScalar(1.0, derivative, derivative);
    }
}
