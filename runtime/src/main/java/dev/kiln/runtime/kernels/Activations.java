package dev.kiln.runtime.kernels;

import dev.kiln.ir.ActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise activations and their backward passes (reference §3), written into preallocated
 * arrays with native libnd4j ops. Generated layer code calls these two methods.
 */
public final class Activations {
    private Activations() {
    }

    /** out = f(z). {@code out} must be a different array from {@code z}, of the same shape. */
    public static void forward(ActivationFunction f, INDArray z, INDArray out) {
        if (out == z) {
            throw new IllegalArgumentException(f + ": forward needs an output array distinct from z"
                    + " (z is kept for the backward pass)");
        }
        ArrayChecks.requireSameShape("z", z, "out", out);
        ActivationKernels.of(f).forward(z, out);
    }

    /**
     * dz = dOut ⊙ f'(z), where {@code out} holds f(z) from the forward pass. {@code dz} may be the
     * same array as {@code dOut}.
     */
    public static void backward(ActivationFunction f, INDArray z, INDArray out, INDArray dOut, INDArray dz) {
        ArrayChecks.requireSameShape("z", z, "out", out);
        ArrayChecks.requireSameShape("z", z, "dOut", dOut);
        ArrayChecks.requireSameShape("z", z, "dz", dz);
        ActivationKernels.of(f).backward(z, out, dOut, dz);
    }
}
