package dev.kiln.runtime.train;

import dev.kiln.runtime.kernels.FiniteCheck;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Finds and names the first NaN or infinity of an array, for the message of a rejected training step.
 * Only runs once a step is known to be bad; a finite array costs one sum ({@link FiniteCheck}) and
 * nothing else.
 */
final class NonFiniteSearch {
    private NonFiniteSearch() {
    }

    /** The row-major index of the first element of {@code x} that is NaN or infinite, or -1 when there is none. */
    static long first(INDArray x) {
        if (FiniteCheck.allFinite(x)) {
            return -1;
        }
        DataBuffer values = rowMajor(x);
        for (long i = 0; i < x.length(); i++) {
            if (!Double.isFinite(values.getDouble(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The row (example) of a batch array {@code [n, ...]} that holds element {@code index}. */
    static long row(INDArray batch, long index) {
        return index / (batch.length() / batch.size(0));
    }

    /**
     * Where element {@code index} of a batch array sits within its example and what it holds: {@code column
     * 17 is NaN}, or for an image {@code column 17 ([c, h, w] = [0, 2, 3]) is Infinity}.
     */
    static String withinExample(INDArray batch, long index) {
        long perExample = batch.length() / batch.size(0);
        long column = index % perExample;
        String text = "column " + column;
        if (batch.rank() > 2) {
            long[] position = new long[batch.rank() - 1];
            long rest = column;
            for (int axis = position.length - 1; axis >= 0; axis--) {
                position[axis] = rest % batch.size(axis + 1);
                rest /= batch.size(axis + 1);
            }
            text += " (" + Arrays.toString(position) + " within the example)";
        }
        return text + " is " + rowMajor(batch).getDouble(index);
    }

    /** Element {@code index} of a parameter as a position and a value: {@code [3, 7] is NaN}. */
    static String position(INDArray x, long index) {
        long[] position = new long[Math.max(1, x.rank())];
        long rest = index;
        for (int axis = position.length - 1; axis >= 0; axis--) {
            long size = x.rank() == 0 ? 1 : x.size(axis);
            position[axis] = rest % size;
            rest /= size;
        }
        return Arrays.toString(position) + " is " + rowMajor(x).getDouble(index);
    }

    /** The elements of x in row-major order (a copy: x may be a view or column-major). */
    private static DataBuffer rowMajor(INDArray x) {
        return x.dup('c').data();
    }
}
