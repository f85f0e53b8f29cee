package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Evaluation counts computed from a batch of model outputs. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Number of rows of [n, k] outputs classified correctly. For k ≥ 2 a row is correct when the
     * arg-max of the output equals the arg-max of the one-hot target (ties go to the lowest index).
     * For a single output column (binary, logits or scores centred at 0) it is correct when
     * output > 0 agrees with target > 0.5.
     */
    public static long correct(INDArray outputs, INDArray oneHotTargets) {
        ArrayChecks.requireRank("outputs", outputs, 2);
        ArrayChecks.requireSameShape("outputs", outputs, "targets", oneHotTargets);
        INDArray agree;
        if (outputs.size(1) == 1) {
            agree = outputs.gt(0.0).eq(oneHotTargets.gt(0.5));
        } else {
            agree = Nd4j.argMax(outputs, 1).eq(Nd4j.argMax(oneHotTargets, 1));
        }
        return agree.castTo(DataType.LONG).sumNumber().longValue();
    }
}
