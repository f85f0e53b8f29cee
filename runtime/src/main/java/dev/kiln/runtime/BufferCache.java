package dev.kiln.runtime;

import org.jspecify.annotations.Nullable;
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
    private @Nullable B recent;
    private long olderSize = -1;
    private @Nullable B older;

    /** The buffers for {@code batchSize}, created by {@code create} when neither slot has that size. */
    public B get(long batchSize, LongFunction<B> create) {
        if (batchSize == recentSize && recent != null) {
            return recent;
        }
        if (batchSize == olderSize && older != null) {
            B wanted = older;
            swap();
            return wanted;
        }
        B created = create.apply(batchSize);
        olderSize = recentSize;
        older = recent;
        recentSize = batchSize;
        recent = created;
        return created;
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
