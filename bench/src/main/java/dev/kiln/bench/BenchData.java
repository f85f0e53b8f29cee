package dev.kiln.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** A seeded synthetic batch: pixel-like features in [0, 1) and one-hot labels, float32, c order. */
record BenchData(INDArray features, INDArray labels) {

    static BenchData of(int batchSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int inputs = Dl4jMlp.WIDTHS[0];
        int classes = Dl4jMlp.WIDTHS[Dl4jMlp.WIDTHS.length - 1];
        float[] x = new float[batchSize * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        float[] y = new float[batchSize * classes];
        for (int row = 0; row < batchSize; row++) {
            y[row * classes + random.nextInt(classes)] = 1f;
        }
        return new BenchData(Nd4j.create(x, new long[] {batchSize, inputs}, DataType.FLOAT),
                Nd4j.create(y, new long[] {batchSize, classes}, DataType.FLOAT));
    }

    /** The same batch in another data type. */
    BenchData castTo(DataType type) {
        return new BenchData(features.castTo(type), labels.castTo(type));
    }

    int batchSize() {
        return (int) features.size(0);
    }
}
