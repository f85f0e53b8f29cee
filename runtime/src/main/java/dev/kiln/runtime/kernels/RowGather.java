package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Copies chosen rows (examples, along axis 0) of an array of any rank into a buffer, with libnd4j's
 * gather op prepared once per thread: how the training loop fills its batch buffers in shuffled
 * order. ND4J's {@code pullRows} builds index and offset buffers and row views on every call.
 */
public final class RowGather {
    private RowGather() {
    }

    /**
     * out[j] = source[indices[j]] for every j. {@code indices} is an integer vector of valid row
     * numbers; {@code out} has source's shape with indices.length rows, and does not overlap source.
     */
    public static void gather(INDArray source, INDArray indices, INDArray out) {
        ArrayChecks.requireRank("indices", indices, 1);
        if (out.rank() != source.rank() || out.size(0) != indices.length()) {
            throw new IllegalArgumentException("gathering " + indices.length() + " rows of "
                    + Arrays.toString(source.shape()) + " needs an output of that many rows and the same rank, got "
                    + Arrays.toString(out.shape()));
        }
        NativeCalls.GATHER_ROWS.get().input(0, source).input(1, indices).output(0, out).exec();
    }
}
