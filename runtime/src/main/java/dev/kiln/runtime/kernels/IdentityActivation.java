package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** f(x) = x: a copy forward, and the gradient passes through unchanged. */
final class IdentityActivation implements ActivationKernel {

    @Override
    public void forward(INDArray z, INDArray out) {
        out.assign(z);
    }

    @Override
    public void backward(INDArray z, INDArray out, INDArray dOut, INDArray dz) {
        if (dz != dOut) {
            dz.assign(dOut);
        }
    }
}
