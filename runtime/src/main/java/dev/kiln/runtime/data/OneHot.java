package dev.kiln.runtime.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class indices to one-hot target rows. */
public final class OneHot {
    private OneHot() {
    }

    /** {@code [labels.length, classes]}: row n is 1 in column {@code labels[n]} and 0 elsewhere. */
    public static INDArray encode(int[] labels, int classes, DataType dataType) {
        INDArray targets = Nd4j.zeros(dataType, labels.length, classes);
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] < 0 || labels[n] >= classes) {
                throw new IllegalArgumentException("label " + labels[n] + " of example " + n + " is outside 0.."
                        + (classes - 1));
            }
            targets.putScalar(n, labels[n], 1.0);
        }
        return targets;
    }
}
