package dev.kiln.runtime.data;

import dev.kiln.runtime.kernels.RowGather;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Examples in memory: features {@code [N, ...]} and targets {@code [N, K]}, row n of one belonging
 * to row n of the other.
 */
public final class Dataset {
    private final INDArray features;
    private final INDArray targets;

    public Dataset(INDArray features, INDArray targets) {
        if (features.rank() < 2 || targets.rank() != 2) {
            throw new IllegalArgumentException("a dataset needs features [N, ...] and targets [N, K], got features "
                    + Arrays.toString(features.shape()) + " and targets " + Arrays.toString(targets.shape()));
        }
        if (features.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("features have " + features.size(0) + " rows but targets have "
                    + targets.size(0));
        }
        if (features.size(0) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " examples");
        }
        this.features = features;
        this.targets = targets;
    }

    /** Number of examples. */
    public int size() {
        return (int) features.size(0);
    }

    public INDArray features() {
        return features;
    }

    public INDArray targets() {
        return targets;
    }

    /** The shape of one example's features, without the batch dimension. */
    public long[] exampleShape() {
        return Arrays.copyOfRange(features.shape(), 1, features.rank());
    }

    /** Number of target columns K. */
    public int targetColumns() {
        return (int) targets.size(1);
    }

    public DataType dataType() {
        return features.dataType();
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive), as views sharing this dataset's memory. */
    public Dataset subset(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of a dataset of " + size() + " examples");
        }
        return new Dataset(rows(features, from, to), rows(targets, from, to));
    }

    /** The examples at {@code indices}, copied into new arrays. */
    public Dataset gather(int[] indices) {
        INDArray f = Nd4j.createUninitialized(features.dataType(), withRows(features.shape(), indices.length));
        INDArray t = Nd4j.createUninitialized(targets.dataType(), withRows(targets.shape(), indices.length));
        gather(indices, f, t);
        return new Dataset(f, t);
    }

    /**
     * Copies the examples at {@code indices} into the given buffers, which have {@code indices.length}
     * rows. Builds an index array per call; a loop that fills the same buffers every step passes its
     * own index array to {@link #gather(INDArray, INDArray, INDArray)} instead.
     */
    public void gather(int[] indices, INDArray featureBuffer, INDArray targetBuffer) {
        gather(Nd4j.createFromArray(indices), featureBuffer, targetBuffer);
    }

    /**
     * Copies the examples at {@code indices}, an integer vector, into the given buffers, which have
     * {@code indices.length()} rows, allocating nothing: the training loop reuses one pair of buffers
     * and one index array for every batch.
     */
    public void gather(INDArray indices, INDArray featureBuffer, INDArray targetBuffer) {
        if (featureBuffer.size(0) != indices.length() || targetBuffer.size(0) != indices.length()) {
            throw new IllegalArgumentException("buffers of " + featureBuffer.size(0) + " and " + targetBuffer.size(0)
                    + " rows for " + indices.length() + " indices");
        }
        for (long j = 0; j < indices.length(); j++) {
            long index = indices.getLong(j);
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException("example " + index + " of a dataset of " + size());
            }
        }
        RowGather.gather(features, indices, featureBuffer);
        RowGather.gather(targets, indices, targetBuffer);
    }

    private static INDArray rows(INDArray array, int from, int to) {
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        index[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < index.length; i++) {
            index[i] = NDArrayIndex.all();
        }
        return array.get(index);
    }

    static long[] withRows(long[] shape, long rows) {
        long[] result = shape.clone();
        result[0] = rows;
        return result;
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " examples, features " + Arrays.toString(exampleShape()) + ", "
                + targetColumns() + " target columns, " + dataType() + "]";
    }
}
