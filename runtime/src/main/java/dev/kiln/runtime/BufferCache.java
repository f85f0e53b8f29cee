package dev.kiln.runtime;

import java.util.function.LongFunction;

/**
 * Holds the per-batch buffers of a generated model for the two most recent batch sizes. Training
 * alternates between the full batch size and the short last batch of an epoch, and evaluation uses
 * a third size; two slots keep the training loop from reallocating while bounding memory.
 *
 * @param <B> the generated model's buffer class
 */
public final class BufferCache<B> {
    private long recentSize = -1;
    private B recent;
    private long olderSize = -1;
    private B older;

    /** The buffers for {@code batchSize}, created by {@code create} when neither slot has that size. */
    public B get(long batchSize, LongFunction<B> create) {
        if (batchSize == recentSize) {
            return recent;
        }
        if (batchSize == olderSize) {
            swap();
            return recent;
        }
        olderSize = recentSize;
        older = recent;
        recentSize = batchSize;
        recent = create.apply(batchSize);
        return recent;
    }

    private void swap() {
        long size = recentSize;
        B buffers = recent;
        recentSize = olderSize;
        recent = older;
        olderSize = size;
        older = buffers;
    }
}
