package dev.kiln.runtime.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Counts correct predictions. With several output columns a prediction is correct when the
 * largest output and the largest target are in the same column (one-hot targets); with a single
 * column the output is a logit, so it predicts the positive class when above 0, and the target is
 * positive when above 0.5.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /** Number of rows of {@code outputs [N, K]} whose prediction matches {@code targets [N, K]}. */
    public static long correct(INDArray outputs, INDArray targets) {
        if (!Arrays.equals(outputs.shape(), targets.shape()) || outputs.rank() != 2) {
            throw new IllegalArgumentException("accuracy needs outputs and targets of one shape [N, K], got "
                    + Arrays.toString(outputs.shape()) + " and " + Arrays.toString(targets.shape()));
        }
        return outputs.size(1) == 1 ? correctBinary(outputs, targets) : correctArgmax(outputs, targets);
    }

    private static long correctArgmax(INDArray outputs, INDArray targets) {
        long[] predicted = outputs.argMax(1).toLongVector();
        long[] actual = targets.argMax(1).toLongVector();
        long correct = 0;
        for (int n = 0; n < predicted.length; n++) {
            if (predicted[n] == actual[n]) {
                correct++;
            }
        }
        return correct;
    }

    private static long correctBinary(INDArray outputs, INDArray targets) {
        double[] logits = outputs.toDoubleVector();
        double[] labels = targets.toDoubleVector();
        long correct = 0;
        for (int n = 0; n < logits.length; n++) {
            if ((logits[n] > 0) == (labels[n] > 0.5)) {
                correct++;
            }
        }
        return correct;
    }
}
