package dev.kiln.runtime.data;

import dev.kiln.runtime.data.numpy.NpyType;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Training batches streamed from .npy files on disk, for data sets larger than memory: features
 * {@code [N, ...]} and targets {@code [N, K]} (used as they are) or class labels {@code [N]} of an
 * integer type (one-hot over {@link #classes}). The files are read in chunks of
 * {@link #chunkRows} rows by a background thread that fills batches ahead of the training loop, at
 * most {@link #prefetch} of them, so disk reads overlap the steps; memory holds one window of
 * chunks and the batch buffers, never the data set. Any numeric dtype converts to the model's type
 * on the way, multiplied by {@link #scale} (1/255 for image bytes).
 *
 * <p>Each epoch visits every row once (a short last batch included unless {@link #dropLast}).
 * Shuffled (the default), the epoch takes the chunks in a random order and mixes the rows of each
 * window of {@link #windowChunks} consecutive chunks in that order: rows far apart in the file
 * meet in a batch only within a window, so a file sorted by class should be written shuffled (or
 * read with a window that covers it). The order depends only on {@code (seed, epoch)}.
 *
 * <p>As with {@link Batches}, a batch lives in buffers reused from batch to batch; after the first
 * epoch a stream creates no ND4J array. Open one epoch at a time and close its stream (the trainer
 * does): closing stops the reader thread. A read error, a file changed under the stream or a label
 * out of range fails the step that would have received the batch, naming the file and row.
 */
public final class NpyBatches implements BatchSource {
    public static final int DEFAULT_CHUNK_ROWS = 2048;
    public static final int DEFAULT_WINDOW_CHUNKS = 4;
    public static final int DEFAULT_PREFETCH = 4;

    private final RowFile features;
    private final RowFile targets;
    private final boolean labels;
    private int classes = -1;
    private int batchSize = Batches.DEFAULT_BATCH_SIZE;
    private boolean shuffle = true;
    private boolean dropLast;
    private long seed;
    private int chunkRows = DEFAULT_CHUNK_ROWS;
    private int windowChunks = DEFAULT_WINDOW_CHUNKS;
    private int prefetch = DEFAULT_PREFETCH;
    private DataType dataType = DataType.FLOAT;
    private double scale = 1.0;
    private StreamBuffers buffers;
    private PrefetchStream open;

    private NpyBatches(Path featureFile, Path targetFile) {
        features = RowFile.open(featureFile);
        targets = RowFile.open(targetFile);
        if (features.rows != targets.rows) {
            throw new IllegalArgumentException(featureFile + " has " + features.rows + " rows but " + targetFile + " has "
                    + targets.rows);
        }
        if (features.rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(featureFile + ": more than " + Integer.MAX_VALUE + " rows");
        }
        labels = targets.header.shape().length == 1 && isInteger(targets.type());
        if (targets.header.shape().length > 2) {
            throw new IllegalArgumentException(targetFile + ": targets are [N, K] or labels [N], got "
                    + Arrays.toString(targets.header.shape()));
        }
    }

    /** Streams {@code features} with {@code targets}: [N, K] values, [N] floats (one column) or [N] integer labels. */
    public static NpyBatches of(Path features, Path targets) {
        return new NpyBatches(features, targets);
    }

    private static boolean isInteger(NpyType type) {
        return type != NpyType.FLOAT16 && type != NpyType.FLOAT32 && type != NpyType.FLOAT64 && type != NpyType.BOOL;
    }

    public NpyBatches batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
        }
        return reset(() -> batchSize = size);
    }

    public NpyBatches shuffle(boolean on) {
        shuffle = on;
        return this;
    }

    /** Whether to skip a last batch smaller than the batch size; off by default. */
    public NpyBatches dropLast(boolean on) {
        return reset(() -> dropLast = on);
    }

    public NpyBatches seed(long value) {
        seed = value;
        return this;
    }

    /** The number of classes of integer labels, which become one-hot rows; required for labels. */
    public NpyBatches classes(int count) {
        if (!labels) {
            throw new IllegalStateException(targets.path + " holds " + targets.type().descr() + " targets "
                    + Arrays.toString(targets.header.shape()) + ", not integer labels [N]");
        }
        if (count < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + count);
        }
        return reset(() -> classes = count);
    }

    /** Rows per disk read; 2048 unless set. */
    public NpyBatches chunkRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("chunk rows must be at least 1, got " + rows);
        }
        return reset(() -> chunkRows = rows);
    }

    /** Chunks whose rows are mixed together when shuffling; 4 unless set. Memory holds this many chunks. */
    public NpyBatches windowChunks(int chunks) {
        if (chunks < 1) {
            throw new IllegalArgumentException("window chunks must be at least 1, got " + chunks);
        }
        return reset(() -> windowChunks = chunks);
    }

    /** Batches the reader thread fills ahead of the training loop; 4 unless set. */
    public NpyBatches prefetch(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + batches);
        }
        return reset(() -> prefetch = batches);
    }

    /** The batches' data type, FLOAT or DOUBLE; FLOAT unless set. */
    public NpyBatches dataType(DataType value) {
        if (value != DataType.FLOAT && value != DataType.DOUBLE) {
            throw new IllegalArgumentException("streamed batches are FLOAT or DOUBLE, got " + value);
        }
        return reset(() -> dataType = value);
    }

    /** A factor applied to every feature value as it is read (e.g. 1/255.0 for 0..255 pixels); 1 unless set. */
    public NpyBatches scale(double factor) {
        if (!Double.isFinite(factor) || factor == 0) {
            throw new IllegalArgumentException("scale must be finite and non-zero, got " + factor);
        }
        return reset(() -> scale = factor);
    }

    private NpyBatches reset(Runnable change) {
        if (open != null) {
            throw new IllegalStateException("an epoch is open; close its stream before changing the settings");
        }
        change.run();
        buffers = null;
        return this;
    }

    /** Rows in the files. */
    public int size() {
        return (int) features.rows;
    }

    @Override
    public long[] exampleShape() {
        return features.exampleShape();
    }

    @Override
    public int targetColumns() {
        if (labels) {
            return classes;
        }
        long[] shape = targets.header.shape();
        return shape.length == 1 ? 1 : (int) shape[1];
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int batchesPerEpoch() {
        int n = size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override
    public long examplesPerEpoch() {
        return dropLast ? (long) batchesPerEpoch() * batchSize : size();
    }

    @Override
    public synchronized BatchStream epoch(int epoch) {
        if (labels && classes < 0) {
            throw new IllegalStateException(targets.path + " holds integer class labels " + Arrays.toString(
                    targets.header.shape()) + "; give the number of classes with classes(k) to one-hot them");
        }
        if (open != null) {
            throw new IllegalStateException("epoch " + open.epoch() + " is still open; close its stream first");
        }
        if (buffers == null) {
            buffers = new StreamBuffers(this);
        }
        open = new PrefetchStream(this, buffers, epoch);
        return open;
    }

    synchronized void closed(PrefetchStream stream) {
        if (open == stream) {
            open = null;
        }
    }

    // Settings the stream and its buffers read.
    RowFile features() {
        return features;
    }

    RowFile targets() {
        return targets;
    }

    boolean labels() {
        return labels;
    }

    int classes() {
        return classes;
    }

    boolean shuffles() {
        return shuffle;
    }

    long seed() {
        return seed;
    }

    int chunkRows() {
        return chunkRows;
    }

    int windowChunks() {
        return windowChunks;
    }

    int prefetch() {
        return prefetch;
    }

    double scale() {
        return scale;
    }

    boolean dropsLast() {
        return dropLast;
    }

    @Override
    public String toString() {
        return "NpyBatches[" + features.path + ", " + targets.path + ", " + size() + " rows, batch " + batchSize + "]";
    }
}
