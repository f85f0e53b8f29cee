package dev.kiln.runtime.data;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Mini-batches over a dataset, epoch by epoch. With shuffling on (the default) each epoch visits
 * the examples in a permutation drawn from an RNG seeded by {@code (seed, epoch)} alone, so a run
 * resumed at epoch e sees exactly the order the uninterrupted run would have (reference section 13);
 * with {@link #balanceClasses} it draws a class-balanced sample from the same RNG instead.
 *
 * <p>Batches are gathered into buffers allocated once and reused for every batch of every epoch;
 * a short last batch (or, merged, a longer one: {@link LastBatch}) gets its own buffers, also allocated once. The rows are copied by libnd4j's
 * gather op through a reused index array, so after the first batch of each size an epoch creates
 * no ND4J array. A {@link Batch} is therefore valid only until the iterator's next batch of the same
 * size: take {@link Batch#copy()} to keep one. Iterate one epoch at a time.
 * Settings are changed in place, fluently: {@code Batches.over(train).batchSize(64).seed(7)}.
 */
public final class Batches implements BatchSource {
    public static final int DEFAULT_BATCH_SIZE = 128;

    private final Dataset data;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean shuffle = true;
    private LastBatch lastBatch = LastBatch.KEEP;
    private long seed;
    private @Nullable Buffers full;
    private @Nullable Buffers last;
    private @Nullable ClassBalance balance;

    private Batches(Dataset data) {
        this.data = data;
    }

    public static Batches over(Dataset data) {
        return new Batches(data);
    }

    public Batches batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
        }
        if (size != batchSize) {
            full = null;
            last = null;
        }
        batchSize = size;
        return this;
    }

    /** Whether to reshuffle every epoch; off, every epoch visits the examples in dataset order. */
    public Batches shuffle(boolean on) {
        shuffle = on;
        return this;
    }

    /** Whether to skip a last batch smaller than the batch size; off by default. {@code lastBatch(DROP)} or {@code KEEP}. */
    public Batches dropLast(boolean on) {
        return lastBatch(on ? LastBatch.DROP : LastBatch.KEEP);
    }

    /** What to do with a short last batch: {@link LastBatch#KEEP} unless set. */
    public Batches lastBatch(LastBatch policy) {
        lastBatch = policy;
        return this;
    }

    public Batches seed(long value) {
        seed = value;
        return this;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    public boolean shuffles() {
        return shuffle;
    }

    public Dataset dataset() {
        return data;
    }

    /** Number of batches each epoch yields. */
    @Override
    public int batchesPerEpoch() {
        int n = data.size();
        int full = n / batchSize;
        int remainder = n % batchSize;
        if (remainder == 0 || lastBatch == LastBatch.DROP || full > 0 && lastBatch.merges(remainder)) {
            return full;
        }
        return full + 1;
    }

    /** Number of examples each epoch yields: all of them unless a short last batch is dropped. */
    @Override
    public long examplesPerEpoch() {
        return lastBatch == LastBatch.DROP ? (long) data.size() / batchSize * batchSize : data.size();
    }

    /**
     * Whether each epoch draws a class-balanced sample of N examples instead of visiting each example
     * once: every class gets an equal share of the draws, a minority class's examples repeating
     * (evenly, in random passes over them) and a majority class's taken in part; off by default.
     * Classes are read from the targets (one-hot columns, or one binary column).
     */
    public Batches balanceClasses(boolean on) {
        balance = on ? new ClassBalance(ClassLabels.members(ClassLabels.of(data), ClassLabels.count(data))) : null;
        return this;
    }

    /**
     * The examples epoch {@code epoch} visits, in order: a permutation of 0..N-1 (the identity without
     * shuffling), or with {@link #balanceClasses} N class-balanced draws.
     */
    public int[] order(int epoch) {
        int n = data.size();
        SplittableRandom random = new SplittableRandom(epochSeed(seed, epoch));
        if (balance != null) {
            return balance.draw(n, random);
        }
        int[] order = new int[n];
        Shuffle.identity(order, n);
        if (shuffle) {
            Shuffle.permute(order, n, random);
        }
        return order;
    }

    /**
     * The batches of one epoch. Each batch's arrays (and its indices) are this object's buffers,
     * overwritten by the next batch of the same size; {@link Batch#copy()} keeps one.
     */
    @Override
    public BatchStream epoch(int epoch) {
        return new EpochIterator(epoch, order(epoch));
    }

    @Override
    public long[] exampleShape() {
        return data.exampleShape();
    }

    @Override
    public int targetColumns() {
        return data.targetColumns();
    }

    @Override
    public DataType dataType() {
        return data.dataType();
    }

    /** The RNG seed of epoch {@code epoch}'s order: {@link Seeds#mix} of the seed and the epoch. */
    static long epochSeed(long seed, int epoch) {
        return Seeds.mix(seed, epoch);
    }

    private Buffers buffers(int size) {
        if (size == batchSize) {
            if (full == null) {
                full = new Buffers(data, size);
            }
            return full;
        }
        if (last == null || last.indices.length != size) {
            last = new Buffers(data, size);
        }
        return last;
    }

    /** One batch size's buffers: the indices as Java ints and as the int vector the gather op reads. */
    private record Buffers(int[] indices, INDArray indexArray, INDArray features, INDArray targets) {
        Buffers(Dataset data, int size) {
            this(new int[size], Nd4j.createUninitialized(DataType.INT, size),
                    Nd4j.createUninitialized(data.dataType(), Dataset.withRows(data.features().shape(), size)),
                    Nd4j.createUninitialized(data.targets().dataType(), Dataset.withRows(data.targets().shape(), size)));
        }

        /** Copies rows {@code order[from, from + size)} of the dataset into the buffers. */
        void fill(Dataset data, int[] order, int from) {
            System.arraycopy(order, from, indices, 0, indices.length);
            indexArray.data().setData(indices);
            data.gather(indexArray, features, targets);
        }
    }

    private final class EpochIterator implements BatchStream {
        private final int epoch;
        private final int[] order;
        private final int batches = batchesPerEpoch();
        private final int examples = (int) examplesPerEpoch();
        private int next;

        EpochIterator(int epoch, int[] order) {
            this.epoch = epoch;
            this.order = order;
        }

        @Override
        public boolean hasNext() {
            return next < batches;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
            }
            int from = next * batchSize;
            // The last batch takes what is left of the epoch: a short one, or a full one with a short one merged in.
            int size = next == batches - 1 ? examples - from : batchSize;
            Buffers buffers = buffers(size);
            buffers.fill(data, order, from);
            return new Batch(epoch, next++, buffers.indices, buffers.features, buffers.targets);
        }

        /** Nothing to release: the buffers belong to the {@code Batches} and serve its next epoch. */
        @Override
        public void close() {
        }
    }
}
