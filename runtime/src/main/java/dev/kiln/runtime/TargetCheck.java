package dev.kiln.runtime;

import dev.kiln.dsl.Loss;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The values a loss accepts as targets, checked on every batch in one pass over the targets that
 * creates nothing (a copy only for targets that are not a contiguous row-major array): softmax
 * cross-entropy and the multiclass hinge take rows of probabilities (entries in [0, 1] summing to 1,
 * so an all-zero row, a missing label, is refused), binary cross-entropy entries in [0, 1], mean
 * squared error anything. A wrong target would otherwise give a loss of 0 (an all-zero row), a
 * negative loss (a negative target) or a loss that trains toward nothing (a BCE target of 2).
 */
final class TargetCheck {
    /** How far a probability row's sum may be from 1: the rounding of soft targets, not a wrong label. */
    static final double ROW_SUM_TOLERANCE = 1e-3;

    private TargetCheck() {
    }

    /**
     * Throws unless every value of {@code targets} [n, K...] suits {@code loss}, naming the example and the
     * column; {@code where} says what the rows count, e.g. {@code "of the batch"}.
     */
    static void check(String model, Loss loss, INDArray targets, String where) {
        if (loss == Loss.MEAN_SQUARED_ERROR) {
            return;
        }
        INDArray contiguous = targets.ordering() == 'c' && Shape.hasDefaultStridesForShape(targets) ? targets : targets.dup('c');
        // A view's buffer starts at the view's first element.
        DataBuffer data = contiguous.data();
        long rows = contiguous.size(0);
        long columns = contiguous.length() / rows;
        boolean probabilityRows = loss != Loss.BINARY_CROSS_ENTROPY;
        for (long row = 0; row < rows; row++) {
            double sum = 0;
            for (long column = 0; column < columns; column++) {
                double value = data.getDouble(row * columns + column);
                if (!(value >= 0 && value <= 1)) {
                    throw new ModelInputException(model + ": loss " + loss.description() + " needs " + what(loss)
                            + ", but column " + column + " of the targets of example " + row + " " + where + " is " + value
                            + (value < 0 ? ", negative" : ", outside [0, 1]") + hint(loss));
                }
                sum += value;
            }
            if (probabilityRows && !(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) {
                throw new ModelInputException(model + ": loss " + loss.description() + " needs " + what(loss)
                        + ", but the targets of example " + row + " " + where + " sum to " + sum
                        + (sum == 0 ? ", an all-zero row (a missing label?)" : "") + hint(loss));
            }
        }
    }

    private static String what(Loss loss) {
        return switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> "target rows of class probabilities (one-hot or soft: entries in [0, 1] summing to 1)";
            case MULTICLASS_HINGE -> "one-hot target rows (entries in [0, 1] summing to 1)";
            case BINARY_CROSS_ENTROPY -> "targets in [0, 1] (probabilities of the positive class)";
            case MEAN_SQUARED_ERROR -> "finite targets";
        };
    }

    private static String hint(Loss loss) {
        return loss == Loss.BINARY_CROSS_ENTROPY ? "" : "; class labels go in as one-hot rows: OneHot.encode(labels, classes, dataType)";
    }
}
