package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Whole-array reductions to a Java double, without materializing element-wise products in a new
 * array and without a new result array: the sum is a product with a row of ones ({@link AxisSums})
 * into a per-thread one-element buffer. ND4J's {@code sumNumber()} and its Dot op create a scalar
 * result array (and Dot an op context) on every call.
 */
final class Reductions {
    private Reductions() {
    }

    /** Σ x over all elements. */
    static double sum(INDArray x) {
        INDArray total = Scratch.of(x.dataType(), Scratch.Slot.TOTAL, 1);
        AxisSums.sum(Views.input(x, 1, 1, x.length()), total);
        return total.getDouble(0);
    }

    /** Σ a ⊙ b over all elements. */
    static double dot(INDArray a, INDArray b) {
        INDArray product = Scratch.like(a, Scratch.Slot.DOT_PRODUCT);
        NativeOps.multiply(a, b, product);
        return sum(product);
    }
}
