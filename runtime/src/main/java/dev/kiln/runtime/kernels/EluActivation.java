package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * x for x > 0, else alpha(e^x - 1). The derivative 1 / alpha·e^x is computed from z rather than
 * as out + alpha: for very negative x that sum cancels and loses most of its digits.
 * libnd4j's ELU backward op is not used because it rounds alpha to float precision.
 */
final class EluActivation extends DerivativeTimesGradient {
    private final double alpha;

    EluActivation(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public void forward(INDArray z, INDArray out) {
        NativeOps.elu(z, alpha, out);
    }

    @Override
    void derivative(INDArray z, INDArray out, INDArray derivative) {
        // alpha·e^min(z,0) is alpha·e^z on the negative side and alpha on the positive side; adding
        // (1 - alpha)·[z > 0] turns the positive side into 1.
        INDArray positivePart = Scratch.like(z, Scratch.Slot.WORK);
        NativeOps.positiveIndicator(z, positivePart);
        NativeOps.scale(positivePart, 1.0 - alpha, positivePart);
        NativeOps.minWithScalar(z, 0.0, derivative);
        NativeOps.exp(derivative, derivative);
        NativeOps.scale(derivative, alpha, derivative);
        NativeOps.add(derivative, positivePart, derivative);
    }
}
