package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * x for x > 0, else slope·x. The derivative is 1 for x > 0 and slope otherwise, so slope at 0
 * (reference §3). libnd4j's own leaky-ReLU derivative returns 1 at 0, hence the explicit form.
 */
final class LeakyReluActivation extends DerivativeTimesGradient {
    private final double slope;

    LeakyReluActivation(double slope) {
        this.slope = slope;
    }

    @Override
    public void forward(INDArray z, INDArray out) {
        NativeOps.leakyRelu(z, slope, out);
    }

    @Override
    void derivative(INDArray z, INDArray out, INDArray derivative) {
        NativeOps.positiveIndicator(z, derivative);
        NativeOps.affine(derivative, 1.0 - slope, slope, derivative);
    }
}
