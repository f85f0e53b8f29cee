package dev.kiln.runtime.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adapters between Kiln's data and ND4J's {@code DataSetIterator}, both ways, so a DL4J/DataVec
 * pipeline (record readers, image loaders, normalizers as pre-processors) feeds a Kiln model, and
 * Kiln's loaders feed DL4J:
 * <ul>
 * <li>{@link #toDataset}: every batch of an iterator, concatenated into one in-memory {@link Dataset};</li>
 * <li>{@link #source}: the iterator as a {@link BatchSource} for {@code Trainer.fit}, one pass per epoch;</li>
 * <li>{@link #iterator}: a Kiln {@link BatchSource} as a {@code DataSetIterator}.</li>
 * </ul>
 * Masks (for variable-length sequences) have no Kiln counterpart and are refused with a clear error.
 */
public final class DataSetIterators {
    private DataSetIterators() {
    }

    /** The whole of one pass of {@code iterator} (reset first when it can be), in memory. */
    public static Dataset toDataset(DataSetIterator iterator) {
        if (iterator.resetSupported()) {
            iterator.reset();
        }
        List<INDArray> features = new ArrayList<>();
        List<INDArray> labels = new ArrayList<>();
        int batch = 0;
        while (iterator.hasNext()) {
            org.nd4j.linalg.dataset.DataSet d = iterator.next();
            IteratorBatches.check(d, iterator, batch++);
            features.add(d.getFeatures());
            labels.add(d.getLabels());
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException(iterator + " yielded no batches");
        }
        INDArray x = features.size() == 1 ? features.get(0).dup() : Nd4j.concat(0, features.toArray(INDArray[]::new));
        INDArray y = labels.size() == 1 ? labels.get(0).dup() : Nd4j.concat(0, labels.toArray(INDArray[]::new));
        return new Dataset(x, y);
    }

    /**
     * {@code iterator} as a source of training batches: each epoch resets it and takes one pass. The
     * iterator decides the batches and their order (and whether they repeat per seed); the first call
     * takes one counting pass for the number of batches and examples the trainer reports. An
     * iterator that cannot reset serves one epoch only.
     */
    public static BatchSource source(DataSetIterator iterator) {
        return new IteratorBatches(iterator);
    }

    /**
     * {@code source} as a {@code DataSetIterator}: each {@code reset()} starts the source's next epoch
     * (the first pass is epoch 1). Each {@code DataSet} holds copies of the batch's arrays, since DL4J's
     * consumers (an {@code AsyncDataSetIterator}, say) keep several at once.
     *
     * @param labels class names for {@code getLabels()}, or null
     */
    public static DataSetIterator iterator(BatchSource source, List<String> labels) {
        return new SourceIterator(source, labels);
    }

    /** {@code data} in shuffled batches of {@code batchSize} as a {@code DataSetIterator}, seeded by {@code seed}. */
    public static DataSetIterator iterator(Dataset data, int batchSize, long seed) {
        return iterator(Batches.over(data).batchSize(batchSize).seed(seed), null);
    }

    static String shape(INDArray array) {
        return Arrays.toString(array.shape());
    }
}
