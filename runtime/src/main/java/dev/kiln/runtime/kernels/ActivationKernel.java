package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One element-wise activation. Implementations write into the arrays they are given and keep no
 * state besides their parameter, so one instance serves every layer and thread.
 */
interface ActivationKernel {

    /** out = f(z); out is a different array from z, with the same shape. */
    void forward(INDArray z, INDArray out);

    /**
     * dz = dOut ⊙ f'(z), where out = f(z) from the forward pass. dz may be the same array as dOut
     * (in-place backward); z and out are left untouched.
     */
    void backward(INDArray z, INDArray out, INDArray dOut, INDArray dz);
}
