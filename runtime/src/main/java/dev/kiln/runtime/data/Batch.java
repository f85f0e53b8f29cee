package dev.kiln.runtime.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch. The arrays are buffers owned by the {@link Batches} that produced it and are
 * overwritten by the next batch; {@code dup()} them to keep them.
 *
 * @param epoch    the epoch the batch belongs to
 * @param index    0-based position of the batch within its epoch
 * @param indices  the dataset rows in the batch, in batch order
 * @param features {@code [size, ...]}
 * @param targets  {@code [size, K]}
 */
public record Batch(int epoch, int index, int[] indices, INDArray features, INDArray targets) {

    /** Number of examples; smaller than the batch size for a short last batch. */
    public int size() {
        return indices.length;
    }
}
