package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluation counts computed from a batch of model outputs. The training loop counts every step's
 * correct predictions, so this creates no array: the row arg-maxes go through a prepared op into
 * per-thread buffers and are compared in Java.
 */
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
        return outputs.size(1) == 1 ? correctBinary(outputs, oneHotTargets) : correctArgMax(outputs, oneHotTargets);
    }

    private static long correctArgMax(INDArray outputs, INDArray oneHotTargets) {
        long n = outputs.size(0);
        INDArray predicted = Scratch.of(DataType.LONG, Scratch.Slot.ARGMAX_OUTPUTS, n);
        INDArray actual = Scratch.of(DataType.LONG, Scratch.Slot.ARGMAX_TARGETS, n);
        NativeCalls.ROW_ARGMAX.get().input(0, outputs).output(0, predicted).exec();
        NativeCalls.ROW_ARGMAX.get().input(0, oneHotTargets).output(0, actual).exec();
        long correct = 0;
        for (long row = 0; row < n; row++) {
            if (predicted.getLong(row) == actual.getLong(row)) {
                correct++;
            }
        }
        return correct;
    }

    private static long correctBinary(INDArray logits, INDArray targets) {
        long correct = 0;
        for (long row = 0; row < logits.size(0); row++) {
            if ((logits.getDouble(row, 0) > 0) == (targets.getDouble(row, 0) > 0.5)) {
                correct++;
            }
        }
        return correct;
    }
}
