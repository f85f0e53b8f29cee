package dev.kiln.runtime.data;

import java.util.Iterator;

/**
 * The batches of one epoch of a {@link BatchSource}. Each {@link Batch} is backed by the source's
 * buffers and valid until the next call of {@link #next()}; {@link Batch#copy()} keeps one.
 * {@link #close()} releases what the epoch holds (a prefetch thread, open files) and may be called
 * at any point; it throws nothing checked, so a try-with-resources block needs no catch.
 */
public interface BatchStream extends Iterator<Batch>, AutoCloseable {
    @Override
    void close();
}
