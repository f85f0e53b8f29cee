package dev.kiln.runtime.data;

/**
 * What an epoch does with its short last batch, the {@code r = n mod batchSize} examples left over
 * (nothing to decide when r is 0, or when the data set is a single short batch).
 */
public enum LastBatch {
    /** Keep it as it is, even a batch of one. {@link Batches}' default. */
    KEEP,
    /** Leave it out of the epoch; with shuffling its examples fall into full batches in other epochs. */
    DROP,
    /** Merge it into the batch before, which then has batchSize + r examples. */
    MERGE,
    /**
     * Merge it into the batch before when it has one example, keep it otherwise: the trainer's default,
     * so that batch norm, which needs more than one value per channel in training, never meets a
     * batch of one in the middle of an epoch.
     */
    MERGE_SINGLE;

    /** Whether a last batch of {@code remainder} examples, after at least one full batch, is merged into the one before. */
    boolean merges(int remainder) {
        return this == MERGE || this == MERGE_SINGLE && remainder == 1;
    }
}
