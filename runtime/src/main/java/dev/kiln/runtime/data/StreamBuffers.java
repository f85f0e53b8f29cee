package dev.kiln.runtime.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Everything an {@link NpyBatches} stream reads into, allocated once for the source's settings and
 * reused by every epoch: the window of chunks read from each file, the order arrays, and the batch
 * buffers that circulate between the reader thread and the training loop (prefetch + 2 of full size,
 * so the reader fills one while the queue holds {@code prefetch} and the loop trains on one, plus
 * one for a short last batch).
 */
final class StreamBuffers {
    /** One batch: its rows' indices, its arrays, and byte views of the arrays for the reader to write. */
    static final class Slot {
        final int[] indices;
        final INDArray features;
        final INDArray targets;
        final ByteBuffer featureBytes;
        final ByteBuffer targetBytes;

        Slot(int size, long[] exampleShape, int targetColumns, DataType dataType) {
            long[] shape = new long[exampleShape.length + 1];
            shape[0] = size;
            System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
            indices = new int[size];
            features = Nd4j.createUninitialized(dataType, shape);
            targets = Nd4j.createUninitialized(dataType, size, targetColumns);
            featureBytes = features.data().asNio().order(ByteOrder.nativeOrder());
            targetBytes = targets.data().asNio().order(ByteOrder.nativeOrder());
        }

        int size() {
            return indices.length;
        }
    }

    final Slot[] full;
    final Slot last;
    final ArrayBlockingQueue<Slot> free;
    final ByteBuffer featureWindow;
    final ByteBuffer targetWindow;
    final int[] windowRows;
    final int[] windowOrder;
    final int[] chunkOrder;
    final RowCopy featureCopy;
    /** Copies target rows as they are, or reads integer labels. */
    final RowCopy targetCopy;
    final int featureOutBytes;
    final int targetOutBytes;

    StreamBuffers(NpyBatches source) {
        DataType type = source.dataType();
        int outValue = type == DataType.DOUBLE ? 8 : 4;
        full = new Slot[source.prefetch() + 2];
        for (int i = 0; i < full.length; i++) {
            full[i] = new Slot(source.batchSize(), source.exampleShape(), source.targetColumns(), type);
        }
        int remainder = source.size() % source.batchSize();
        last = remainder == 0 || source.dropsLast() ? null
                : new Slot(remainder, source.exampleShape(), source.targetColumns(), type);
        free = new ArrayBlockingQueue<>(full.length);
        int windowRowCount = Math.toIntExact(Math.min((long) source.chunkRows() * source.windowChunks(), source.size()));
        featureWindow = ByteBuffer.allocateDirect(Math.multiplyExact(windowRowCount, source.features().rowBytes))
                .order(source.features().header.byteOrder());
        targetWindow = ByteBuffer.allocateDirect(Math.multiplyExact(windowRowCount, source.targets().rowBytes))
                .order(source.targets().header.byteOrder());
        windowRows = new int[windowRowCount];
        windowOrder = new int[windowRowCount];
        chunkOrder = new int[(source.size() + source.chunkRows() - 1) / source.chunkRows()];
        featureCopy = new RowCopy(source.features().type(), type, source.features().rowValues, source.scale());
        targetCopy = new RowCopy(source.targets().type(), type, source.targets().rowValues, 1.0);
        featureOutBytes = source.features().rowValues * outValue;
        targetOutBytes = source.targetColumns() * outValue;
        refill();
    }

    /** Every full-size slot free again, for a new epoch. */
    void refill() {
        free.clear();
        for (Slot slot : full) {
            free.add(slot);
        }
    }
}
