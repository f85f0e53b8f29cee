package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Whether an array holds only finite numbers, decided without creating an array when it does. */
public final class FiniteCheck {
    private FiniteCheck() {
    }

    /**
     * True when no element of x is NaN or infinite. A finite sum proves it, since a NaN or an infinity
     * makes the sum NaN or infinite, and costs one pass that creates nothing ({@link Reductions#sum}).
     * A sum that is not finite comes from such an element or from finite elements whose sum overflows,
     * so only then are the elements looked at one by one (creating a few temporary arrays).
     */
    public static boolean allFinite(INDArray x) {
        if (Double.isFinite(Reductions.sum(x))) {
            return true;
        }
        return !x.isNaN().any() && !x.isInfinite().any();
    }
}
