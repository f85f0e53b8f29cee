package dev.kiln.runtime.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class indices to one-hot target rows. */
public final class OneHot {
    private OneHot() {
    }

    /**
     * Class indices as an array, {@code [n]} or {@code [n, 1]} of whole numbers in any data type (as
     * labels are often loaded), to {@code [n, classes]} one-hot rows.
     */
    public static INDArray encode(INDArray classIndices, int classes, DataType dataType) {
        if (!(classIndices.rank() == 1 || classIndices.rank() == 2 && classIndices.size(1) == 1)) {
            throw new IllegalArgumentException("class indices must be [n] or [n, 1], got shape "
                    + java.util.Arrays.toString(classIndices.shape()));
        }
        int[] labels = new int[Math.toIntExact(classIndices.length())];
        INDArray values = classIndices.reshape(classIndices.length());
        for (int n = 0; n < labels.length; n++) {
            double value = values.getDouble(n);
            if (value != Math.rint(value)) {
                throw new IllegalArgumentException("class index " + value + " of example " + n + " is not a whole number");
            }
            labels[n] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
        }
        return encode(labels, classes, dataType);
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
