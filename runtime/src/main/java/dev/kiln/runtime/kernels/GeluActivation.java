package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact GELU, x·Φ(x), with f' = Φ(x) + x·φ(x). Φ(x) is computed as erfc(-x/√2)/2 rather than
 * (1 + erf(x/√2))/2, which cancels for negative x. libnd4j's "gelu" op is the sigmoid
 * approximation x·σ(1.702x), so it is not used.
 */
final class GeluActivation extends DerivativeTimesGradient {
    private static final double MINUS_INV_SQRT2 = -1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    @Override
    public void forward(INDArray z, INDArray out) {
        normalCdf(z, out);
        NativeOps.multiply(out, z, out);
    }

    @Override
    void derivative(INDArray z, INDArray out, INDArray derivative) {
        normalCdf(z, derivative);
        INDArray xTimesDensity = Scratch.like(z, Scratch.Slot.WORK);
        NativeOps.multiply(z, z, xTimesDensity);
        NativeOps.scale(xTimesDensity, -0.5, xTimesDensity);
        NativeOps.exp(xTimesDensity, xTimesDensity);
        NativeOps.scale(xTimesDensity, INV_SQRT_2PI, xTimesDensity);
        NativeOps.multiply(xTimesDensity, z, xTimesDensity);
        NativeOps.add(derivative, xTimesDensity, derivative);
    }

    /** out = Φ(z) = erfc(-z/√2)/2. */
    private static void normalCdf(INDArray z, INDArray out) {
        NativeOps.scale(z, MINUS_INV_SQRT2, out);
        NativeOps.erfc(out, out);
        NativeOps.scale(out, 0.5, out);
    }
}
