package dev.kiln.samples.models;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import dev.kiln.samples.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full backward pass of generated models against central differences in float64: every
 * activation, every loss, dropout (masks frozen), a layer without bias, standalone activations.
 */
class GeneratedBackwardTest {
    private static final int BATCH = 8;

    @Test
    void everyActivationAndDropout() {
        assertPasses(new EveryActivationNet(11, DataType.DOUBLE), gaussian(BATCH, 5, 1), oneHot(BATCH, 3, 2));
    }

    @Test
    void binaryCrossEntropy() {
        INDArray targets = Nd4j.create(DataType.DOUBLE, BATCH, 3);
        Random random = new Random(3);
        for (int i = 0; i < targets.length(); i++) {
            targets.putScalar(i, random.nextDouble() < 0.5 ? 0.0 : 1.0);
        }
        assertPasses(new LossModels_BinaryNet(12, DataType.DOUBLE), gaussian(BATCH, 4, 4), targets);
    }

    @Test
    void meanSquaredError() {
        assertPasses(new LossModels_SquaredNet(13, DataType.DOUBLE), gaussian(BATCH, 4, 5), gaussian(BATCH, 2, 6));
    }

    @Test
    void multiclassHinge() {
        assertPasses(new LossModels_HingeNet(14, DataType.DOUBLE), gaussian(BATCH, 4, 7), oneHot(BATCH, 5, 8));
    }

    @Test
    void dropoutBeforeTheFirstTrainableLayer() {
        assertPasses(new LossModels_DropoutFirstNet(15, DataType.DOUBLE), gaussian(BATCH, 4, 9), oneHot(BATCH, 4, 10));
    }

    private static void assertPasses(KilnNet net, INDArray x, INDArray y) {
        GradCheckReport report = GradCheck.checkModel(net, x, y);
        assertTrue(report.passed(), report.toString());
        assertTrue(report.maxRelativeError() < 1e-6, report.toString());
    }

    static INDArray gaussian(int rows, int columns, long seed) {
        return TestArrays.gaussian(rows, columns, 1, 0, seed);
    }

    static INDArray oneHot(int rows, int classes, long seed) {
        return TestArrays.oneHot(rows, classes, seed);
    }
}
