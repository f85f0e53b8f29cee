package dev.kiln.samples;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** Seeded float64 test batches. */
public final class TestArrays {
    private TestArrays() {
    }

    /** [rows, columns] of scale · N(0, 1) + shift, from {@code seed}. */
    public static INDArray gaussian(int rows, int columns, double scale, double shift, long seed) {
        Random random = new Random(seed);
        INDArray array = Nd4j.create(DataType.DOUBLE, rows, columns);
        for (int i = 0; i < array.length(); i++) {
            array.putScalar(i, scale * random.nextGaussian() + shift);
        }
        return array;
    }

    /** [rows, classes] one-hot targets with classes drawn from {@code seed}. */
    public static INDArray oneHot(int rows, int classes, long seed) {
        Random random = new Random(seed);
        INDArray array = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int r = 0; r < rows; r++) {
            array.putScalar(r, random.nextInt(classes), 1.0);
        }
        return array;
    }
}
