package dev.kiln.runtime.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** The shape check every accumulator makes on a batch. */
final class Shapes {
    private Shapes() {
    }

    /** The check {@link MetricAccumulator#restore} makes: a state of the length {@code state()} gives. */
    static void requireState(MetricAccumulator accumulator, double[] state, int length) {
        if (state.length != length) {
            throw new IllegalArgumentException(accumulator.task() + " metrics keep " + length
                    + " running numbers, got a state of " + state.length);
        }
    }

    /** {@code state()} and {@code restore} are for the training loop's accumulators. */
    static void requireTrainingScope(MetricAccumulator.Scope scope) {
        if (scope != MetricAccumulator.Scope.TRAINING) {
            throw new IllegalStateException("only a training-scope accumulator saves and restores its running numbers;"
                    + " an evaluation runs whole and is not resumed");
        }
    }

    static void requireSame(INDArray outputs, INDArray targets, int columns) {
        if (outputs.rank() != 2 || !Arrays.equals(outputs.shape(), targets.shape()) || outputs.size(1) != columns) {
            throw new IllegalArgumentException("metrics need outputs and targets of one shape [n, " + columns + "], got "
                    + Arrays.toString(outputs.shape()) + " and " + Arrays.toString(targets.shape()));
        }
    }
}
