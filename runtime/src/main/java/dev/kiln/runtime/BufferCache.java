package dev.kiln.runtime;

import org.jspecify.annotations.Nullable;

import java.util.function.LongFunction;

/**
 * Holds the per-batch buffers of a generated model for the {@link #SIZES} most recently used batch
 * sizes. A training loop with held-out evaluation cycles through four: the full batch, the short last
 * batch of an epoch, the evaluation batch and the evaluation's own short last batch. Buffers replaced
 * in that cycle would be garbage whose native memory ND4J frees only after a garbage collection,
 * which a small Java heap rarely needs: with two slots a FashionCnn run grew by about 1 GB of
 * resident memory per epoch (evaluation at 1,000 examples re-created every buffer set each epoch)
 * until the kernel killed it at 15 GB. Four slots keep the cycle allocation-free; beyond four sizes
 * the least recently used set is dropped, which bounds memory when batch sizes keep changing.
 *
 * @param <B> the generated model's buffer class
 */
public final class BufferCache<B> {
    static final int SIZES = 4;

    /** Most recently used first; {@code sizes[i]} is -1 where {@code buffers[i]} is empty. */
    private final long[] sizes = {-1, -1, -1, -1};
    private final @Nullable Object[] buffers = new Object[SIZES];

    /** The buffers for {@code batchSize}, created by {@code create} when no slot has that size. */
    @SuppressWarnings("unchecked") // every slot holds a B put there by this method
    public B get(long batchSize, LongFunction<B> create) {
        int found = 0;
        while (found < SIZES && sizes[found] != batchSize) {
            found++;
        }
        B wanted;
        if (found < SIZES && buffers[found] != null) {
            wanted = (B) buffers[found];
        } else {
            wanted = create.apply(batchSize);
            found = SIZES - 1; // the least recently used slot makes way
        }
        // Move to the front, shifting the more recent ones back by one.
        for (int i = found; i > 0; i--) {
            sizes[i] = sizes[i - 1];
            buffers[i] = buffers[i - 1];
        }
        sizes[0] = batchSize;
        buffers[0] = wanted;
        return wanted;
    }
}
