package dev.kiln.runtime.data;

import dev.kiln.runtime.testing.ArrayCount;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class BatchesTest {

    /** Row r of the features is (r, 1000 + r, 2000 + r); targets row r is one-hot at r % 3. */
    private static Dataset numbered(int n) {
        INDArray features = Nd4j.create(DataType.DOUBLE, n, 3);
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 3; c++) {
                features.putScalar(r, c, 1000 * c + r);
            }
            labels[r] = r % 3;
        }
        return new Dataset(features, OneHot.encode(labels, 3, DataType.DOUBLE));
    }

    /** Every index visited in one epoch, in order, checking each batch's rows against the dataset. */
    private static List<Integer> visit(Batches batches, int epoch, List<Integer> sizes) {
        List<Integer> visited = new ArrayList<>();
        Iterator<Batch> iterator = batches.epoch(epoch);
        while (iterator.hasNext()) {
            Batch batch = iterator.next();
            sizes.add(batch.size());
            assertEquals(batch.size(), batch.features().size(0));
            for (int j = 0; j < batch.size(); j++) {
                int row = batch.indices()[j];
                visited.add(row);
                assertEquals(row, batch.features().getDouble(j, 0));
                assertEquals(2000 + row, batch.features().getDouble(j, 2));
                assertEquals(1.0, batch.targets().getDouble(j, row % 3));
                assertEquals(1.0, batch.targets().getRow(j).sumNumber().doubleValue());
            }
        }
        return visited;
    }

    @Test
    void everyEpochIsAPermutationIncludingTheShortLastBatch() {
        Batches batches = Batches.over(numbered(103)).batchSize(10).seed(42);
        assertEquals(11, batches.batchesPerEpoch());
        for (int epoch = 1; epoch <= 3; epoch++) {
            List<Integer> sizes = new ArrayList<>();
            List<Integer> visited = visit(batches, epoch, sizes);
            assertEquals(103, visited.size());
            assertArrayEquals(IntStream.range(0, 103).toArray(), visited.stream().mapToInt(i -> i).sorted().toArray());
            assertEquals(List.of(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3), sizes);
        }
    }

    @Test
    void consecutiveEpochsDifferAndAreShuffled() {
        Batches batches = Batches.over(numbered(200)).seed(1);
        int[] identity = IntStream.range(0, 200).toArray();
        int[] previous = batches.order(0);
        for (int epoch = 1; epoch < 6; epoch++) {
            int[] order = batches.order(epoch);
            assertFalse(Arrays.equals(previous, order), "epoch " + epoch + " repeats the previous order");
            assertFalse(Arrays.equals(identity, order), "epoch " + epoch + " is not shuffled");
            previous = order;
        }
    }

    @Test
    void sameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
        Dataset data = numbered(57);
        Batches a = Batches.over(data).batchSize(8).seed(7);
        Batches b = Batches.over(data).batchSize(8).seed(7);
        Batches other = Batches.over(data).batchSize(8).seed(8);
        for (int epoch = 1; epoch <= 3; epoch++) {
            List<Integer> fromA = visit(a, epoch, new ArrayList<>());
            assertEquals(fromA, visit(b, epoch, new ArrayList<>()));
            assertFalse(fromA.equals(visit(other, epoch, new ArrayList<>())));
        }
        // A resumed run starts at epoch 3 without having drawn epochs 1 and 2: it still matches.
        Batches resumed = Batches.over(data).batchSize(8).seed(7);
        assertArrayEquals(a.order(3), resumed.order(3));
    }

    @Test
    void dropLastSkipsTheShortBatch() {
        Batches batches = Batches.over(numbered(25)).batchSize(10).dropLast(true).seed(3);
        assertEquals(2, batches.batchesPerEpoch());
        assertEquals(20, batches.examplesPerEpoch());
        List<Integer> sizes = new ArrayList<>();
        List<Integer> visited = visit(batches, 1, sizes);
        assertEquals(List.of(10, 10), sizes);
        assertEquals(20, visited.stream().distinct().count());
        // The 20 visited are the first 20 of the epoch's permutation.
        assertEquals(Arrays.stream(batches.order(1)).limit(20).boxed().toList(), visited);
    }

    @Test
    void mergingPutsTheShortBatchIntoTheOneBefore() {
        Batches merged = Batches.over(numbered(25)).batchSize(10).lastBatch(LastBatch.MERGE).seed(3);
        assertEquals(2, merged.batchesPerEpoch());
        assertEquals(25, merged.examplesPerEpoch());
        List<Integer> sizes = new ArrayList<>();
        List<Integer> visited = visit(merged, 1, sizes);
        assertEquals(List.of(10, 15), sizes);
        assertEquals(Arrays.stream(merged.order(1)).boxed().toList(), visited, "every example once, in the epoch's order");
    }

    @Test
    void mergeSingleMergesOnlyALastBatchOfOne() {
        List<Integer> sizes = new ArrayList<>();
        visit(Batches.over(numbered(21)).batchSize(10).lastBatch(LastBatch.MERGE_SINGLE), 1, sizes);
        assertEquals(List.of(10, 11), sizes);
        sizes.clear();
        visit(Batches.over(numbered(22)).batchSize(10).lastBatch(LastBatch.MERGE_SINGLE), 1, sizes);
        assertEquals(List.of(10, 10, 2), sizes);
        sizes.clear();
        visit(Batches.over(numbered(1)).batchSize(10).lastBatch(LastBatch.MERGE), 1, sizes);
        assertEquals(List.of(1), sizes, "a data set of one short batch has nothing to merge into");
        sizes.clear();
        visit(Batches.over(numbered(21)).batchSize(10), 1, sizes);
        assertEquals(List.of(10, 10, 1), sizes, "Batches keeps the short batch unless told otherwise");
    }

    @Test
    void withoutShufflingEveryEpochIsInStoredOrder() {
        Batches batches = Batches.over(numbered(12)).batchSize(5).shuffle(false);
        assertEquals(IntStream.range(0, 12).boxed().toList(), visit(batches, 1, new ArrayList<>()));
        assertEquals(IntStream.range(0, 12).boxed().toList(), visit(batches, 2, new ArrayList<>()));
    }

    @Test
    void reusesBufferArraysAcrossBatchesAndEpochs() {
        Batches batches = Batches.over(numbered(25)).batchSize(10).seed(5);
        Iterator<Batch> epoch1 = batches.epoch(1);
        INDArray first = epoch1.next().features();
        assertSame(first, epoch1.next().features());
        INDArray shortBuffer = epoch1.next().features();
        assertNotSame(first, shortBuffer);
        assertEquals(5, shortBuffer.size(0));
        Iterator<Batch> epoch2 = batches.epoch(2);
        assertSame(first, epoch2.next().features());
        epoch2.next();
        assertSame(shortBuffer, epoch2.next().features());
    }

    @Test
    void gathersExamplesOfHigherRank() {
        // Images [N, 2, 3]: example r holds 10r + k at flat position k.
        int n = 6;
        INDArray images = Nd4j.create(DataType.FLOAT, n, 2, 3);
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < 6; k++) {
                images.putScalar(new long[] {r, k / 3, k % 3}, 10 * r + k);
            }
        }
        Dataset data = new Dataset(images, OneHot.encode(new int[] {0, 1, 0, 1, 0, 1}, 2, DataType.FLOAT));
        Batch batch = Batches.over(data).batchSize(4).seed(9).epoch(1).next();
        assertArrayEquals(new long[] {4, 2, 3}, batch.features().shape());
        for (int j = 0; j < 4; j++) {
            int r = batch.indices()[j];
            assertEquals(10 * r + 5, batch.features().getFloat(new long[] {j, 1, 2}));
            assertEquals(10 * r + 1, batch.features().getFloat(new long[] {j, 0, 1}));
        }
    }

    private static void drain(Iterator<Batch> epoch) {
        while (epoch.hasNext()) {
            epoch.next();
        }
    }

    @Test
    void epochsAfterTheFirstGatherWithoutCreatingArrays() {
        // 25 examples in 10, 10, 5: both buffer pairs exist after epoch 1.
        Batches batches = Batches.over(numbered(25)).batchSize(10).seed(5);
        drain(batches.epoch(1));
        assertEquals(0, ArrayCount.during(() -> drain(batches.epoch(2))), "INDArrays created by epoch 2");
        assertEquals(0, ArrayCount.nativeObjectsDuring(() -> drain(batches.epoch(3))), "native objects of epoch 3");
        // and the gathered rows are still the right ones
        assertEquals(25, visit(batches, 4, new ArrayList<>()).size());
    }

    @Test
    void aCopyKeepsItsBatchWhenTheBuffersMoveOn() {
        Iterator<Batch> epoch = Batches.over(numbered(25)).batchSize(10).seed(5).epoch(1);
        Batch first = epoch.next();
        int[] rows = first.indices().clone();
        INDArray features = first.features().dup();
        Batch kept = first.copy();
        epoch.next();
        assertFalse(Arrays.equals(rows, first.indices()), "the buffers hold the second batch now");
        assertArrayEquals(rows, kept.indices());
        assertEquals(features, kept.features());
        assertEquals(0, kept.index());
        for (int j = 0; j < kept.size(); j++) {
            assertEquals(1.0, kept.targets().getDouble(j, rows[j] % 3));
        }
    }
}
