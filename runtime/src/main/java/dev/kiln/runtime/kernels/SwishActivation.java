package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Swish / SiLU, x·σ(βx), with f' = σ(βx) + βx·σ(βx)(1 - σ(βx)). libnd4j's swish op has β fixed
 * at 1, so the general form is composed.
 */
final class SwishActivation extends DerivativeTimesGradient {
    private final double beta;

    SwishActivation(double beta) {
        this.beta = beta;
    }

    @Override
    public void forward(INDArray z, INDArray out) {
        NativeOps.scale(z, beta, out);
        NativeOps.sigmoid(out, out);
        NativeOps.multiply(out, z, out);
    }

    @Override
    void derivative(INDArray z, INDArray out, INDArray derivative) {
        INDArray secondTerm = Scratch.like(z, Scratch.Slot.WORK);
        NativeOps.scale(z, beta, derivative);
        NativeOps.scale(z, beta, secondTerm);
        NativeOps.timesSigmoidDerivative(derivative, secondTerm, secondTerm);
        NativeOps.sigmoid(derivative, derivative);
        NativeOps.add(derivative, secondTerm, derivative);
    }
}
