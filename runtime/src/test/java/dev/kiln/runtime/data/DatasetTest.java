package dev.kiln.runtime.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    private static Dataset rows(int n) {
        INDArray features = Nd4j.arange(0, 2 * n).castTo(DataType.DOUBLE).reshape(n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
        }
        return new Dataset(features, OneHot.encode(labels, 2, DataType.DOUBLE));
    }

    @Test
    void subsetIsAViewOfConsecutiveRows() {
        Dataset data = rows(10);
        Dataset middle = data.subset(3, 7);
        assertEquals(4, middle.size());
        assertEquals(6.0, middle.features().getDouble(0, 0));
        assertEquals(13.0, middle.features().getDouble(3, 1));
        assertEquals(1.0, middle.targets().getDouble(0, 1));
        middle.features().putScalar(0, 0, -1.0);
        assertEquals(-1.0, data.features().getDouble(3, 0), "a subset shares the dataset's memory");
        assertThrows(IndexOutOfBoundsException.class, () -> data.subset(5, 11));
    }

    @Test
    void gatherCopiesTheRequestedRowsInOrder() {
        Dataset picked = rows(10).gather(new int[] {9, 0, 4});
        assertArrayEquals(new double[] {18, 19, 0, 1, 8, 9}, picked.features().data().asDouble());
        assertArrayEquals(new double[] {0, 1, 1, 0, 1, 0}, picked.targets().data().asDouble());
        assertThrows(IndexOutOfBoundsException.class, () -> rows(3).gather(new int[] {3}));
    }

    @Test
    void rejectsMismatchedRowCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(Nd4j.zeros(5, 2), Nd4j.zeros(4, 3)));
        assertTrue(e.getMessage().contains("features have 5 rows but targets have 4"), e.getMessage());
    }

    @Test
    void oneHotRejectsLabelsOutsideTheClasses() {
        INDArray targets = OneHot.encode(new int[] {2, 0}, 3, DataType.FLOAT);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, targets.data().asFloat());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(new int[] {0, 3}, 3, DataType.FLOAT));
        assertTrue(e.getMessage().contains("label 3 of example 1 is outside 0..2"), e.getMessage());
    }
}
