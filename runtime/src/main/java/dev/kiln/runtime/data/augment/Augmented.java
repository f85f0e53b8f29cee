package dev.kiln.runtime.data.augment;

import org.jspecify.annotations.Nullable;
import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.BatchSource;
import dev.kiln.runtime.data.BatchStream;
import dev.kiln.runtime.data.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A {@link BatchSource} that applies an {@link Augmentation} to every batch of another source, on the
 * fly: {@code Trainer.augment(...)} wraps the training batches in one (seeded by the trainer's seed),
 * and a hand-written loop can too. Evaluation never sees it.
 *
 * <p>The batch of epoch e at index i is augmented with a generator seeded by {@code (seed, e, i)}
 * alone, so an epoch's augmented batches are the same in every run with that seed, also when a run
 * resumed from a checkpoint redraws them. The source's batch is read, not changed (it may be a view
 * of the data set), and the result goes to buffers this object owns, allocated once per batch size:
 * like every source's, a batch is valid until the next one. Targets are copied only when a step
 * changes them (mixup, label smoothing); otherwise the source's pass through.
 */
public final class Augmented implements BatchSource {
    /** Keeps the augmentation's generator apart from the shuffle's, which is seeded by (seed, epoch) too. */
    private static final long SALT = 0x6A09E667F3BCC909L;

    private final BatchSource source;
    private final Augmentation augmentation;
    private final long seed;
    private final AugmentBuffers values;
    private @Nullable Buffers full;
    private @Nullable Buffers other;

    private Augmented(BatchSource source, Augmentation augmentation, long seed) {
        this.source = source;
        this.augmentation = augmentation;
        this.seed = seed;
        ArrayValues.checkType(source.dataType());
        long exampleSize = Arrays.stream(source.exampleShape()).reduce(1, Math::multiplyExact);
        this.values = new AugmentBuffers(Math.toIntExact(exampleSize), source.targetColumns(),
                augmentation.imageFor(source.exampleShape()));
    }

    /**
     * {@code source}'s batches augmented by {@code augmentation} with randomness seeded by {@code seed}.
     * Refuses here, naming the shape, data the augmentation cannot work on (an image step on examples
     * that are not images).
     */
    public static Augmented of(BatchSource source, Augmentation augmentation, long seed) {
        return new Augmented(source, augmentation, seed);
    }

    public Augmentation augmentation() {
        return augmentation;
    }

    /** The batch of the source, augmented. {@code batch} must be the source's; the result lives in this object's buffers. */
    Batch augment(Batch batch) {
        int n = batch.size();
        Buffers out = buffers(n);
        values.size(n);
        ArrayValues.read(batch.features(), values.features);
        if (out.targets != null) {
            ArrayValues.read(batch.targets(), values.targets);
        }
        augmentation.apply(values, new SplittableRandom(Seeds.mix(Seeds.mix(seed ^ SALT, batch.epoch()), batch.index())));
        ArrayValues.write(values.features, out.features);
        if (out.targets != null) {
            ArrayValues.write(values.targets, out.targets);
        }
        return new Batch(batch.epoch(), batch.index(), batch.indices(), out.features,
                out.targets != null ? out.targets : batch.targets());
    }

    private Buffers buffers(int size) {
        if (size == source.batchSize()) {
            if (full == null) {
                full = new Buffers(size);
            }
            return full;
        }
        if (other == null || other.size != size) {
            other = new Buffers(size);
        }
        return other;
    }

    @Override
    public BatchStream epoch(int epoch) {
        BatchStream batches = source.epoch(epoch);
        return new BatchStream() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public Batch next() {
                return augment(batches.next());
            }

            @Override
            public void close() {
                batches.close();
            }
        };
    }

    @Override
    public long[] exampleShape() {
        return source.exampleShape();
    }

    @Override
    public int targetColumns() {
        return source.targetColumns();
    }

    @Override
    public DataType dataType() {
        return source.dataType();
    }

    @Override
    public int batchSize() {
        return source.batchSize();
    }

    @Override
    public int batchesPerEpoch() {
        return source.batchesPerEpoch();
    }

    @Override
    public long examplesPerEpoch() {
        return source.examplesPerEpoch();
    }

    @Override
    public String toString() {
        return source + " augmented by " + augmentation;
    }

    /** One batch size's output arrays; no target array when the augmentation leaves targets alone. */
    private final class Buffers {
        final int size;
        final INDArray features;
        final @Nullable INDArray targets;

        Buffers(int size) {
            this.size = size;
            features = Nd4j.createUninitialized(source.dataType(), withRows(source.exampleShape(), size));
            targets = augmentation.changesTargets()
                    ? Nd4j.createUninitialized(source.dataType(), size, source.targetColumns()) : null;
        }
    }

    private static long[] withRows(long[] exampleShape, int rows) {
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = rows;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return shape;
    }
}
