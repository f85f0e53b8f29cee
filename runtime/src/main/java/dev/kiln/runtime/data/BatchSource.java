package dev.kiln.runtime.data;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Where training batches come from, one epoch at a time: {@link Batches} over an in-memory
 * {@link Dataset}, {@link NpyBatches} streaming .npy files from disk, {@link DataSetIterators} over
 * a DL4J/DataVec pipeline. {@code Trainer.fit} takes any of them.
 *
 * <p>The contract every source keeps, so that the training loop stays allocation-free and
 * reproducible: batches live in buffers the source owns and reuses (a {@link Batch} is valid until
 * the stream's next batch), and the examples and order of epoch {@code e} depend only on the
 * source's settings, its seed and {@code e}. A per-batch step (an augmentation,
 * {@link dev.kiln.runtime.data.augment.Augmented}) wraps a source and writes each rewritten batch to
 * buffers of its own, leaving the source's (which may be views of the data set) as they are;
 * {@link Batch#epoch()} and {@link Batch#index()} seed its randomness.
 */
public interface BatchSource {

    /** The shape of one example's features, without the batch dimension. */
    long[] exampleShape();

    /** Target columns K: batches' targets are {@code [size, K]}. */
    int targetColumns();

    /** The data type of features and targets. */
    DataType dataType();

    /** Examples per full batch. */
    int batchSize();

    /** Batches each epoch yields. */
    int batchesPerEpoch();

    /** Examples each epoch yields. */
    long examplesPerEpoch();

    /**
     * The batches of epoch {@code epoch} (the trainer counts from 1). Close the stream when done with
     * it, also when leaving early: a streaming source stops its reader thread then. One epoch's
     * stream at a time.
     */
    BatchStream epoch(int epoch);
}
