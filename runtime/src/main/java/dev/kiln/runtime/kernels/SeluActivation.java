package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SELU;
import org.nd4j.linalg.factory.Nd4j;

/**
 * λ·elu_α(x) with the full-precision self-normalizing constants (reference §3). libnd4j's SELU
 * forward and backward use the same constants to double precision, and its backward computes
 * λα·e^x from z in one fused pass.
 */
final class SeluActivation implements ActivationKernel {
    static final double ALPHA = 1.6732632423543772;
    static final double LAMBDA = 1.0507009873554805;

    @Override
    public void forward(INDArray z, INDArray out) {
        Nd4j.exec(new SELU(z, out));
    }

    @Override
    public void backward(INDArray z, INDArray out, INDArray dOut, INDArray dz) {
        NativeCalls.SELU_BP.get().input(0, z).input(1, dOut).output(0, dz).exec();
    }
}
