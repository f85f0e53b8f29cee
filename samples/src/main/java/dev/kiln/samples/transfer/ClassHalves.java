package dev.kiln.samples.transfer;

import dev.kiln.runtime.data.Dataset;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/** The examples of classes {@code [from, from + 5)} of a ten-class one-hot dataset, relabelled 0..4. */
final class ClassHalves {
    static final int CLASSES = 5;

    private ClassHalves() {
    }

    /** At most {@code limit} examples of those classes, in dataset order. */
    static Dataset of(Dataset data, int from, int limit) {
        INDArray labels = data.targets().argMax(1);
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < data.size() && rows.size() < limit; i++) {
            long label = labels.getLong(i);
            if (label >= from && label < from + CLASSES) {
                rows.add(i);
            }
        }
        Dataset subset = data.gather(rows.stream().mapToInt(Integer::intValue).toArray());
        INDArray targets = subset.targets().get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + CLASSES)).dup();
        return new Dataset(subset.features(), targets);
    }
}
