package dev.kiln.runtime.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A {@link BatchSource} as ND4J's {@code DataSetIterator}: a pass is one epoch of the source, the
 * first pass epoch 1 and each {@link #reset()} the next. Each {@code DataSet} owns copies of its
 * arrays, the pre-processor (a DL4J normalizer, say) applied to them.
 */
final class SourceIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final transient BatchSource source;
    private final List<String> labels;
    private transient BatchStream stream;
    private int epoch;
    private DataSetPreProcessor preProcessor;

    SourceIterator(BatchSource source, List<String> labels) {
        this.source = source;
        this.labels = labels == null ? null : List.copyOf(labels);
    }

    private BatchStream stream() {
        if (stream == null) {
            stream = source.epoch(++epoch);
        }
        return stream;
    }

    @Override
    public boolean hasNext() {
        return stream().hasNext();
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " of " + source + " is over; reset() starts the next");
        }
        Batch batch = stream().next();
        DataSet data = new DataSet(batch.features().dup(), batch.targets().dup());
        if (preProcessor != null) {
            preProcessor.preProcess(data);
        }
        return data;
    }

    /** Not offered: a source's batches have the size it was built with. */
    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("a Kiln source gives batches of its own size (" + source.batchSize()
                + "); set the batch size on the source");
    }

    @Override
    public int inputColumns() {
        long columns = 1;
        for (long dim : source.exampleShape()) {
            columns *= dim;
        }
        return Math.toIntExact(columns);
    }

    @Override
    public int totalOutcomes() {
        return source.targetColumns();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Ends this epoch's pass; the next call starts the source's next epoch. */
    @Override
    public void reset() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public int batch() {
        return source.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor processor) {
        preProcessor = processor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return labels;
    }
}
