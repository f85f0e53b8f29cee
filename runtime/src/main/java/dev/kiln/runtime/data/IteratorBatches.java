package dev.kiln.runtime.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A {@code DataSetIterator} as a {@link BatchSource}: one pass of the iterator per epoch (it must
 * support {@code reset()}: a counting pass comes first). Its
 * batches are the iterator's own arrays, valid until its next batch as ND4J's iterators promise;
 * a batch whose shape or type changes from the first's is an error naming the batch.
 */
final class IteratorBatches implements BatchSource {
    private final DataSetIterator iterator;
    private long[] exampleShape;
    private int targetColumns;
    private DataType dataType;
    private int batches = -1;
    private long examples;
    private int batchSize;

    IteratorBatches(DataSetIterator iterator) {
        this.iterator = iterator;
    }

    /** The counting pass: shapes, type, batches and examples of one pass. */
    private void count() {
        if (batches >= 0) {
            return;
        }
        if (!iterator.resetSupported()) {
            throw new IllegalArgumentException(iterator + " cannot be reset, so it cannot be counted and then trained on;"
                    + " load it into memory with DataSetIterators.toDataset, or wrap it in one that resets");
        }
        reset();
        int n = 0;
        long rows = 0;
        while (iterator.hasNext()) {
            org.nd4j.linalg.dataset.DataSet d = iterator.next();
            check(d, iterator, n);
            if (n == 0) {
                exampleShape = Arrays.copyOfRange(d.getFeatures().shape(), 1, d.getFeatures().rank());
                targetColumns = (int) d.getLabels().size(1);
                dataType = d.getFeatures().dataType();
                batchSize = (int) d.getFeatures().size(0);
            }
            rows += d.getFeatures().size(0);
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException(iterator + " yielded no batches");
        }
        batches = n;
        examples = rows;
    }

    private void reset() {
        iterator.reset();
    }

    /** Refuses what a Kiln batch cannot hold. */
    static void check(org.nd4j.linalg.dataset.DataSet d, DataSetIterator iterator, int index) {
        if (d.getFeaturesMaskArray() != null || d.getLabelsMaskArray() != null) {
            throw new IllegalArgumentException(iterator + ": batch " + index + " has mask arrays; Kiln models take"
                    + " fixed-size examples without masks");
        }
        if (d.getFeatures().rank() < 2 || d.getLabels() == null || d.getLabels().rank() != 2) {
            throw new IllegalArgumentException(iterator + ": batch " + index + " has features "
                    + DataSetIterators.shape(d.getFeatures()) + " and labels " + (d.getLabels() == null ? "none"
                    : DataSetIterators.shape(d.getLabels())) + "; Kiln needs features [n, ...] and labels [n, K]");
        }
    }

    @Override
    public long[] exampleShape() {
        count();
        return exampleShape.clone();
    }

    @Override
    public int targetColumns() {
        count();
        return targetColumns;
    }

    @Override
    public DataType dataType() {
        count();
        return dataType;
    }

    @Override
    public int batchSize() {
        count();
        return batchSize;
    }

    @Override
    public int batchesPerEpoch() {
        count();
        return batches;
    }

    @Override
    public long examplesPerEpoch() {
        count();
        return examples;
    }

    @Override
    public BatchStream epoch(int epoch) {
        count();
        reset();
        return new BatchStream() {
            private int index;

            @Override
            public boolean hasNext() {
                boolean more = iterator.hasNext();
                if (more != (index < batches)) {
                    throw new IllegalStateException(iterator + " yielded " + (more ? "more than " + index : index)
                            + " batches in epoch " + epoch + " but " + batches + " when counted; a source must yield the"
                            + " same number every epoch");
                }
                return more;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
                }
                org.nd4j.linalg.dataset.DataSet d = iterator.next();
                check(d, iterator, index);
                long rows = d.getFeatures().size(0);
                if (!Arrays.equals(Arrays.copyOfRange(d.getFeatures().shape(), 1, d.getFeatures().rank()), exampleShape)
                        || d.getLabels().size(1) != targetColumns) {
                    throw new IllegalArgumentException(iterator + ": batch " + index + " of epoch " + epoch + " has features "
                            + DataSetIterators.shape(d.getFeatures()) + " and labels " + DataSetIterators.shape(d.getLabels())
                            + ", unlike the first batch's examples " + Arrays.toString(exampleShape) + " and "
                            + targetColumns + " label columns");
                }
                int[] indices = new int[(int) rows];
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = (int) ((long) index * batchSize + i);
                }
                return new Batch(epoch, index++, indices, d.getFeatures(), d.getLabels());
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String toString() {
        return "DataSetIterators.source(" + iterator + ")";
    }
}
