package dev.kiln.runtime.data;

import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * One epoch of an {@link NpyBatches}: a reader thread reads the chunks in the epoch's order, mixes
 * each window's rows and copies them into free batch slots, handing full ones over through a queue
 * of {@code prefetch} places; {@link #next()} takes the next slot and returns the previous one to
 * the free slots. The reader's failure travels the same queue and is thrown by the {@code next()}
 * that would have received the batch.
 */
final class PrefetchStream implements BatchStream {
    private final NpyBatches source;
    private final StreamBuffers buffers;
    private final int epoch;
    private final int batches;
    private final ArrayBlockingQueue<Object> filled;
    private final Thread reader;
    private volatile Throwable failure;
    private volatile boolean closed;
    private StreamBuffers.Slot handedOut;
    private int delivered;

    PrefetchStream(NpyBatches source, StreamBuffers buffers, int epoch) {
        this.source = source;
        this.buffers = buffers;
        this.epoch = epoch;
        this.batches = source.batchesPerEpoch();
        this.filled = new ArrayBlockingQueue<>(source.prefetch() + 1);
        this.reader = new Thread(this::read, "kiln-prefetch " + source.features().path.getFileName() + " epoch " + epoch);
        reader.setDaemon(true);
        reader.start();
    }

    int epoch() {
        return epoch;
    }

    @Override
    public boolean hasNext() {
        return !closed && delivered < batches;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches"
                    + (closed ? " and its stream is closed" : ""));
        }
        release();
        Object next;
        try {
            next = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for batch " + (delivered + 1) + " of epoch " + epoch, e);
        }
        if (next == Failure.MARK) {
            Throwable cause = failure;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(cause.getMessage(), (IOException) cause);
        }
        handedOut = (StreamBuffers.Slot) next;
        return new Batch(epoch, delivered++, handedOut.indices, handedOut.features, handedOut.targets);
    }

    /** The batch handed out last goes back to the free slots (a short last batch has its own slot). */
    private void release() {
        if (handedOut != null && handedOut != buffers.last) {
            buffers.free.add(handedOut);
        }
        handedOut = null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        handedOut = null;
        filled.clear();
        buffers.refill();
        source.closed(this);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reader thread. */
    private void read() {
        try (FileChannel featureChannel = source.features().channel();
             FileChannel targetChannel = source.targets().channel()) {
            produce(featureChannel, targetChannel);
        } catch (ClosedByInterruptException | InterruptedException e) {
            // The stream was closed: the interrupt stopped a read or a wait for a slot or for room in the queue.
        } catch (Throwable t) {
            failure = t;
            try {
                filled.put(Failure.MARK); // after the batches already queued, which are good
            } catch (InterruptedException closedMeanwhile) {
                // nobody is waiting for it any more
            }
        }
    }

    private void produce(FileChannel featureChannel, FileChannel targetChannel) throws IOException, InterruptedException {
        int rows = source.size();
        int chunkRows = source.chunkRows();
        int[] chunkOrder = buffers.chunkOrder;
        SplittableRandom random = new SplittableRandom(Batches.epochSeed(source.seed(), epoch));
        Shuffle.identity(chunkOrder, chunkOrder.length);
        if (source.shuffles()) {
            Shuffle.permute(chunkOrder, chunkOrder.length, random);
        }
        int produced = 0;
        StreamBuffers.Slot slot = take(produced);
        int position = 0;
        for (int group = 0; group < chunkOrder.length && produced < batches; group += source.windowChunks()) {
            int windowRows = readWindow(featureChannel, targetChannel, group, rows, chunkRows);
            int[] order = buffers.windowOrder;
            Shuffle.identity(order, windowRows);
            if (source.shuffles()) {
                Shuffle.permute(order, windowRows, random);
            }
            for (int i = 0; i < windowRows && produced < batches; i++) {
                copyRow(order[i], slot, position);
                if (++position == slot.size()) {
                    filled.put(slot);
                    if (++produced < batches) {
                        slot = take(produced);
                    }
                    position = 0;
                }
            }
            if (closed) {
                return;
            }
        }
    }

    /** Reads the chunks of window {@code group} (in the epoch's chunk order); returns its row count. */
    private int readWindow(FileChannel featureChannel, FileChannel targetChannel, int group, int rows, int chunkRows)
            throws IOException {
        ByteBuffer features = buffers.featureWindow;
        ByteBuffer targets = buffers.targetWindow;
        features.clear();
        targets.clear();
        int windowRows = 0;
        int end = Math.min(group + source.windowChunks(), buffers.chunkOrder.length);
        for (int k = group; k < end; k++) {
            long first = (long) buffers.chunkOrder[k] * chunkRows;
            int count = (int) Math.min(chunkRows, rows - first);
            source.features().read(featureChannel, first, count, features);
            source.targets().read(targetChannel, first, count, targets);
            for (int r = 0; r < count; r++) {
                buffers.windowRows[windowRows++] = (int) first + r;
            }
        }
        return windowRows;
    }

    private void copyRow(int windowRow, StreamBuffers.Slot slot, int position) {
        RowFile features = source.features();
        buffers.featureCopy.copy(buffers.featureWindow, windowRow * features.rowBytes, slot.featureBytes,
                position * buffers.featureOutBytes);
        int targetAt = position * buffers.targetOutBytes;
        RowFile targets = source.targets();
        if (source.labels()) {
            oneHot(buffers.windowRows[windowRow], windowRow * targets.rowBytes, slot.targetBytes, targetAt);
        } else {
            buffers.targetCopy.copy(buffers.targetWindow, windowRow * targets.rowBytes, slot.targetBytes, targetAt);
        }
        slot.indices[position] = buffers.windowRows[windowRow];
    }

    private void oneHot(int row, int labelAt, ByteBuffer out, int at) {
        double label = buffers.targetCopy.read(buffers.targetWindow, labelAt);
        int classes = source.classes();
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(source.targets().path + ": row " + row + " has label " + (long) label
                    + ", outside the classes 0.." + (classes - 1));
        }
        boolean dbl = source.dataType() == DataType.DOUBLE;
        for (int c = 0; c < classes; c++) {
            double value = c == (int) label ? 1 : 0;
            if (dbl) {
                out.putDouble(at + 8 * c, value);
            } else {
                out.putFloat(at + 4 * c, (float) value);
            }
        }
    }

    /** A free slot for batch {@code index}: the short last batch's own, or a full one. */
    private StreamBuffers.Slot take(int index) throws InterruptedException {
        if (index == batches - 1 && buffers.last != null) {
            return buffers.last;
        }
        return buffers.free.take();
    }

    /** The queue's marker for the reader's failure. */
    private enum Failure { MARK }
}
