package dev.kiln.runtime.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitsTest {

    /** Classes of the given sizes, in blocks; feature row i is (i). */
    static Dataset classes(int... sizes) {
        int n = Arrays.stream(sizes).sum();
        int[] labels = new int[n];
        for (int c = 0, at = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                labels[at++] = c;
            }
        }
        INDArray features = Nd4j.create(IntStream.range(0, n).asDoubleStream().toArray(), new long[] {n, 1}, 'c');
        return new Dataset(features, OneHot.encode(labels, sizes.length, DataType.DOUBLE));
    }

    private static int[] counts(Dataset data) {
        int[] counts = new int[Math.max(2, data.targetColumns())];
        for (int label : ClassLabels.of(data)) {
            counts[label]++;
        }
        return counts;
    }

    @Test
    void aStratifiedSplitKeepsEveryClassShare() {
        Dataset data = classes(50, 30, 20);
        Splits.Split split = Splits.stratified(data, 0.2, 7);
        assertArrayEquals(new int[] {10, 6, 4}, counts(split.validation()));
        assertArrayEquals(new int[] {40, 24, 16}, counts(split.train()));
        Set<Integer> all = new HashSet<>();
        Arrays.stream(split.trainRows()).forEach(all::add);
        Arrays.stream(split.validationRows()).forEach(all::add);
        assertEquals(100, all.size(), "the parts are disjoint and cover the dataset");
        // Every example carries its row number: the parts hold the rows they say they hold.
        assertArrayEquals(Arrays.stream(split.validationRows()).asDoubleStream().toArray(),
                split.validation().features().reshape(20).toDoubleVector(), 0.0);
    }

    @Test
    void largestRemaindersRoundTheSharesToTheExactTotal() {
        // 7 of 23 (0.3): shares 7*10/23 = 3.04, 7*8/23 = 2.43, 7*5/23 = 1.52 -> floors 3, 2, 1 and the
        // one left to the largest remainder, class 2.
        Splits.Split split = Splits.stratified(classes(10, 8, 5), 0.3, 1);
        assertArrayEquals(new int[] {3, 2, 2}, counts(split.validation()));
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        Dataset data = classes(40, 40);
        assertArrayEquals(Splits.stratified(data, 0.25, 3).validationRows(), Splits.stratified(data, 0.25, 3).validationRows());
        assertFalse(Arrays.equals(Splits.stratified(data, 0.25, 3).validationRows(),
                Splits.stratified(data, 0.25, 4).validationRows()));
        assertArrayEquals(Splits.random(data, 0.25, 3).validationRows(), Splits.random(data, 0.25, 3).validationRows());
    }

    @Test
    void aBinaryColumnIsStratifiedByItsTwoValues() {
        double[][] y = new double[40][1];
        for (int i = 0; i < 10; i++) {
            y[i][0] = 1;
        }
        Dataset data = new Dataset(Nd4j.zeros(DataType.DOUBLE, 40, 2), Nd4j.create(y));
        Splits.Split split = Splits.stratified(data, 0.5, 9);
        assertEquals(5.0, split.validation().targets().sumNumber().doubleValue(), 0.0);
    }

    @Test
    void aRandomSplitHasTheRoundedCountAndFractionsOutOfRangeAreRefused() {
        Dataset data = classes(7, 6);
        assertEquals(4, Splits.random(data, 0.3, 1).validation().size());
        assertThrows(IllegalArgumentException.class, () -> Splits.random(data, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(data, 1.0, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Splits.random(data, 0.01, 1)).getMessage()
                .contains("leaves 0 for validation"));
    }

    @Test
    void balancedSamplingGivesEveryClassAnEqualShareEachEpoch() {
        Dataset data = classes(90, 9, 1);
        Batches batches = Batches.over(data).batchSize(10).seed(5).balanceClasses(true);
        int[] labels = ClassLabels.of(data);
        for (int epoch = 1; epoch <= 3; epoch++) {
            int[] order = batches.order(epoch);
            assertEquals(100, order.length);
            int[] perClass = new int[3];
            int[] perExample = new int[100];
            for (int row : order) {
                perClass[labels[row]]++;
                perExample[row]++;
            }
            assertEquals(100, Arrays.stream(perClass).sum());
            assertTrue(Arrays.stream(perClass).allMatch(v -> v == 33 || v == 34), Arrays.toString(perClass));
            // The minority example repeats 33 or 34 times; the 9-example class's each 3 or 4 times.
            assertTrue(perExample[99] >= 33, "class 2's single example: " + perExample[99]);
            for (int row = 90; row < 99; row++) {
                assertTrue(perExample[row] == 3 || perExample[row] == 4, "row " + row + ": " + perExample[row]);
            }
        }
        assertArrayEquals(batches.order(2), Batches.over(data).batchSize(10).seed(5).balanceClasses(true).order(2));
        assertFalse(Arrays.equals(batches.order(2), batches.order(3)));
    }
}
