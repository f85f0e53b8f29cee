package dev.kiln.runtime.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch. Its arrays and its indices are buffers owned by the {@link BatchSource} that
 * produced it ({@link Batches}, {@link NpyBatches}, ...) and are overwritten by a later batch (the
 * training loop allocates nothing per step that way); {@link #copy()} gives a batch that owns its
 * data, to keep beyond that.
 *
 * @param epoch    the epoch the batch belongs to
 * @param index    0-based position of the batch within its epoch
 * @param indices  the dataset (or file) rows in the batch, in batch order
 * @param features {@code [size, ...]}
 * @param targets  {@code [size, K]}
 */
public record Batch(int epoch, int index, int[] indices, INDArray features, INDArray targets) {

    /** Number of examples; smaller than the batch size for a short last batch. */
    public int size() {
        return indices.length;
    }

    /** This batch with copies of its indices and arrays, which no later batch overwrites. */
    public Batch copy() {
        return new Batch(epoch, index, indices.clone(), features.dup(), targets.dup());
    }
}
