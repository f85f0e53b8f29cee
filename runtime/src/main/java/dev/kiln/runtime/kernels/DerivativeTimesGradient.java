package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base for activations whose backward is "compute f'(z) as an array, then multiply by dOut". The
 * derivative goes straight into dz when dz is its own array; for an in-place backward (dz is dOut)
 * it goes into a scratch buffer first, because writing it into dz would destroy dOut.
 */
abstract class DerivativeTimesGradient implements ActivationKernel {

    /**
     * Writes f'(z) into {@code derivative}, which is neither z nor out. {@code out} is f(z), for the
     * activations whose derivative is cheaper from the output.
     */
    abstract void derivative(INDArray z, INDArray out, INDArray derivative);

    @Override
    public final void backward(INDArray z, INDArray out, INDArray dOut, INDArray dz) {
        INDArray fPrime = dz == dOut ? Scratch.like(z, Scratch.Slot.DERIVATIVE) : dz;
        derivative(z, out, fPrime);
        NativeOps.multiply(fPrime, dOut, dz);
    }
}
