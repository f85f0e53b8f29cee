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

    /**
     * The arg-max column of every row of [n, k] outputs and of the targets (ties to the lowest index)
     * into {@code predicted[0, n)} and {@code actual[0, n)}: what a confusion matrix counts. Creates
     * no array, as {@link #correct} does not.
     */
    public static void argMaxRows(INDArray outputs, INDArray oneHotTargets, int[] predicted, int[] actual) {
        ArrayChecks.requireRank("outputs", outputs, 2);
        ArrayChecks.requireSameShape("outputs", outputs, "targets", oneHotTargets);
        long n = outputs.size(0);
        if (predicted.length < n || actual.length < n) {
            throw new IllegalArgumentException("arrays of " + predicted.length + " and " + actual.length + " for " + n + " rows");
        }
        INDArray p = argMax(outputs, Scratch.Slot.ARGMAX_OUTPUTS);
        INDArray a = argMax(oneHotTargets, Scratch.Slot.ARGMAX_TARGETS);
        for (int row = 0; row < n; row++) {
            predicted[row] = (int) p.getLong(row);
            actual[row] = (int) a.getLong(row);
        }
    }

    private static long correctArgMax(INDArray outputs, INDArray oneHotTargets) {
        long n = outputs.size(0);
        INDArray predicted = argMax(outputs, Scratch.Slot.ARGMAX_OUTPUTS);
        INDArray actual = argMax(oneHotTargets, Scratch.Slot.ARGMAX_TARGETS);
        long correct = 0;
        for (long row = 0; row < n; row++) {
            if (predicted.getLong(row) == actual.getLong(row)) {
                correct++;
            }
        }
        return correct;
    }

    /** The arg-max column of each row, into a per-thread buffer. */
    private static INDArray argMax(INDArray rows, Scratch.Slot slot) {
        INDArray result = Scratch.of(DataType.LONG, slot, rows.size(0));
        NativeCalls.ROW_ARGMAX.get().input(0, rows).output(0, result).exec();
        return result;
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
