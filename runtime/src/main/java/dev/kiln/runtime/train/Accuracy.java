package dev.kiln.runtime.train;

import dev.kiln.runtime.kernels.Metrics;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Counts correct predictions. With several output columns a prediction is correct when the
 * largest output and the largest target are in the same column (one-hot targets); with a single
 * column the output is a logit, so it predicts the positive class when above 0, and the target is
 * positive when above 0.5. The count is {@link Metrics#correct}, which creates no array, so the
 * trainer can take it every step.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /** Number of rows of {@code outputs [N, K]} whose prediction matches {@code targets [N, K]}. */
    public static long correct(INDArray outputs, INDArray targets) {
        if (outputs.rank() != 2 || !Arrays.equals(outputs.shape(), targets.shape())) {
            throw new IllegalArgumentException("accuracy needs outputs and targets of one shape [N, K], got "
                    + Arrays.toString(outputs.shape()) + " and " + Arrays.toString(targets.shape()));
        }
        return Metrics.correct(outputs, targets);
    }
}
