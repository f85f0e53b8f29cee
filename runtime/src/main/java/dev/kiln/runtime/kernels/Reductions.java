package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;

/** Whole-array reductions to a Java double, without materializing element-wise products. */
final class Reductions {
    private Reductions() {
    }

    static double sum(INDArray x) {
        return x.sumNumber().doubleValue();
    }

    /** Σ a ⊙ b over all elements, in one native pass. */
    static double dot(INDArray a, INDArray b) {
        return Nd4j.getExecutioner().exec(new Dot(a, b)).getDouble(0);
    }
}
