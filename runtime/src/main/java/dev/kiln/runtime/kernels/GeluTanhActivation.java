package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tanh-approximated GELU, ½x(1 + tanh u) with u = √(2/π)(x + 0.044715x³). Uses the identity
 * ½(1 + tanh u) = σ(2u), which avoids the cancellation of 1 + tanh u for negative x, and
 * 1 - tanh²u = 4σ(2u)(1 - σ(2u)) for the derivative
 * σ(2u) + 2√(2/π)·x(1 + 0.134145x²)·σ(2u)(1 - σ(2u)).
 */
final class GeluTanhActivation extends DerivativeTimesGradient {
    private static final double TWO_C = 2.0 * Math.sqrt(2.0 / Math.PI);
    private static final double CUBIC = 0.044715;

    @Override
    public void forward(INDArray z, INDArray out) {
        twiceU(z, out);
        NativeOps.sigmoid(out, out);
        NativeOps.multiply(out, z, out);
    }

    @Override
    void derivative(INDArray z, INDArray out, INDArray derivative) {
        INDArray slopeTerm = Scratch.like(z, Scratch.Slot.WORK);
        // slopeTerm = d(2u)/dx · x / 2 = 2c·x(1 + 3·0.044715x²), then times σ'(2u).
        NativeOps.multiply(z, z, slopeTerm);
        NativeOps.affine(slopeTerm, TWO_C * 3.0 * CUBIC, TWO_C, slopeTerm);
        NativeOps.multiply(slopeTerm, z, slopeTerm);
        twiceU(z, derivative);
        NativeOps.timesSigmoidDerivative(derivative, slopeTerm, slopeTerm);
        NativeOps.sigmoid(derivative, derivative);
        NativeOps.add(derivative, slopeTerm, derivative);
    }

    /** out = 2u = 2√(2/π)(z + 0.044715z³), evaluated as z·(2c·0.044715·z² + 2c). */
    private static void twiceU(INDArray z, INDArray out) {
        NativeOps.multiply(z, z, out);
        NativeOps.affine(out, TWO_C * CUBIC, TWO_C, out);
        NativeOps.multiply(out, z, out);
    }
}
