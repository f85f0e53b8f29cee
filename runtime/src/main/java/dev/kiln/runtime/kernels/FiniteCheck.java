package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Whether an array holds only finite numbers, decided without creating an array when it does. */
public final class FiniteCheck {
    private FiniteCheck() {
    }

    /**
     * True when no element of x is NaN or infinite. A finite sum proves it, since a NaN or an infinity
     * makes the sum NaN or infinite, and costs one pass that creates nothing (libnd4j's reduction into
     * a per-thread scalar). A sum that is not finite comes from such an element or from finite elements
     * whose sum overflows, so only then are the elements looked at one by one (creating a few temporary
     * arrays).
     */
    public static boolean allFinite(INDArray x) {
        INDArray total = Scratch.of(x.dataType(), Scratch.Slot.FINITE_TOTAL);
        NativeCalls.REDUCE_SUM.get().input(0, x).output(0, total).exec();
        if (Double.isFinite(total.getDouble(0))) {
            return true;
        }
        return !x.isNaN().any() && !x.isInfinite().any();
    }
}
