package dev.kiln.runtime.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** The shape check every accumulator makes on a batch. */
final class Shapes {
    private Shapes() {
    }

    static void requireSame(INDArray outputs, INDArray targets, int columns) {
        if (outputs.rank() != 2 || !Arrays.equals(outputs.shape(), targets.shape()) || outputs.size(1) != columns) {
            throw new IllegalArgumentException("metrics need outputs and targets of one shape [n, " + columns + "], got "
                    + Arrays.toString(outputs.shape()) + " and " + Arrays.toString(targets.shape()));
        }
    }
}
