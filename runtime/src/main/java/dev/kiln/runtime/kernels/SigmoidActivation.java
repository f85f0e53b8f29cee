package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** σ(x) = 1/(1+e^-x); σ' = σ(1-σ), taken from the output so no exponential is recomputed. */
final class SigmoidActivation extends DerivativeTimesGradient {

    @Override
    public void forward(INDArray z, INDArray out) {
        NativeOps.sigmoid(z, out);
    }

    @Override
    void derivative(INDArray z, INDArray out, INDArray derivative) {
        NativeOps.timesOneMinus(out, derivative);
    }
}
