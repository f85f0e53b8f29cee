package dev.kiln.runtime.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kiln's data through ND4J's own iterators and pre-processors, both ways. */
class DataSetIteratorsTest {

    private static Dataset numbered(int n) {
        return SplitsTest.classes(n / 2, n - n / 2);
    }

    @Test
    void anNd4jIteratorBecomesADatasetAndASource() {
        Dataset data = numbered(23);
        DataSetIterator view = new ViewIterator(new DataSet(data.features(), data.targets()), 5);
        Dataset loaded = DataSetIterators.toDataset(view);
        assertEquals(data.features(), loaded.features());
        assertEquals(data.targets(), loaded.targets());

        BatchSource source = DataSetIterators.source(new ViewIterator(new DataSet(data.features(), data.targets()), 5));
        assertEquals(5, source.batchesPerEpoch());
        assertEquals(23, source.examplesPerEpoch());
        assertArrayEquals(new long[] {1}, source.exampleShape());
        assertEquals(2, source.targetColumns());
        for (int epoch = 1; epoch <= 2; epoch++) {
            List<Double> rows = new ArrayList<>();
            try (BatchStream stream = source.epoch(epoch)) {
                while (stream.hasNext()) {
                    Batch batch = stream.next();
                    for (int j = 0; j < batch.size(); j++) {
                        rows.add(batch.features().getDouble(j, 0));
                    }
                }
            }
            assertEquals(23, rows.size(), "epoch " + epoch + " is one whole pass");
            assertEquals(0.0, rows.get(0), 0.0);
            assertEquals(22.0, rows.get(22), 0.0);
        }
    }

    @Test
    void aKilnSourceFeedsNd4jsAsyncIteratorAndNormalizer() {
        Dataset data = numbered(40);
        DataSetIterator iterator = DataSetIterators.iterator(data, 8, 3);
        assertEquals(1, iterator.inputColumns());
        assertEquals(2, iterator.totalOutcomes());
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(iterator);
        iterator.reset();
        iterator.setPreProcessor(normalizer);
        // ND4J's prefetching wrapper holds several DataSets at once: each must own its arrays.
        AsyncDataSetIterator async = new AsyncDataSetIterator(iterator, 3);
        List<DataSet> kept = new ArrayList<>();
        while (async.hasNext()) {
            kept.add(async.next());
        }
        assertEquals(5, kept.size());
        Set<Double> seen = new HashSet<>();
        double sum = 0;
        double squares = 0;
        for (DataSet d : kept) {
            INDArray x = d.getFeatures();
            for (int j = 0; j < x.size(0); j++) {
                seen.add(x.getDouble(j, 0));
                sum += x.getDouble(j, 0);
                squares += x.getDouble(j, 0) * x.getDouble(j, 0);
            }
        }
        assertEquals(40, seen.size(), "every example exactly once, none overwritten by a later batch");
        assertEquals(0, sum / 40, 1e-6, "standardized by ND4J's normalizer");
        assertEquals(1, squares / 40, 1e-5);
        async.shutdown();
    }

    @Test
    void anIteratorWhosePassesChangeLengthIsAnError() {
        Dataset data = numbered(20);
        int[] passes = {0};
        int[] taken = {0};
        DataSetIterator shrinking = new ViewIterator(new DataSet(data.features(), data.targets()), 5) {
            @Override
            public void reset() {
                super.reset();
                passes[0]++;
                taken[0] = 0;
            }

            @Override
            public boolean hasNext() {
                // the counting pass and epoch 1 have 4 batches, epoch 2 (the third pass) one fewer
                return super.hasNext() && !(passes[0] >= 3 && taken[0] >= 3);
            }

            @Override
            public DataSet next() {
                taken[0]++;
                return super.next();
            }
        };
        BatchSource source = DataSetIterators.source(shrinking);
        assertEquals(4, source.batchesPerEpoch());
        try (BatchStream stream = source.epoch(1)) {
            while (stream.hasNext()) {
                stream.next();
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (BatchStream stream = source.epoch(2)) {
                while (stream.hasNext()) {
                    stream.next();
                }
            }
        });
        assertTrue(e.getMessage().contains("yielded 3 batches in epoch 2 but 4 when counted"), e.getMessage());
    }

    @Test
    void masksAndResetlessIteratorsAreRefused() {
        DataSet masked = new DataSet(Nd4j.zeros(DataType.FLOAT, 4, 2), Nd4j.zeros(DataType.FLOAT, 4, 2),
                Nd4j.ones(DataType.FLOAT, 4, 2), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSetIterators.toDataset(new ViewIterator(masked, 2)));
        assertTrue(e.getMessage().contains("has mask arrays"), e.getMessage());
        DataSetIterator once = new org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator(
                new DataSet(Nd4j.zeros(DataType.FLOAT, 4, 2), Nd4j.zeros(DataType.FLOAT, 4, 2))) {
            @Override
            public boolean resetSupported() {
                return false;
            }
        };
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSetIterators.source(once).batchesPerEpoch())
                .getMessage().contains("cannot be reset"));
    }
}
