package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * log(1 + e^x) in the stable form max(x, 0) + log1p(e^-|x|) (reference §3), exact to double
 * precision and finite at |x| = 1000. libnd4j's softplus op computes log(1 + e^x) directly, which
 * overflows at x ≈ 710 and rounds to 0 below x ≈ -37. f' = σ(x).
 */
final class SoftplusActivation extends DerivativeTimesGradient {

    @Override
    public void forward(INDArray z, INDArray out) {
        INDArray positivePart = Scratch.like(z, Scratch.Slot.WORK);
        NativeOps.relu(z, positivePart);
        NativeOps.log1pExpNegAbs(z, out);
        NativeOps.add(out, positivePart, out);
    }

    @Override
    void derivative(INDArray z, INDArray out, INDArray derivative) {
        NativeOps.sigmoid(z, derivative);
    }
}
