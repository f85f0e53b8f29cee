package dev.kiln.bench;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark may only report speed when the two systems compute the same thing; these show it can tell. */
class EquivalenceCheckTest {
    private static final double LEARNING_RATE = 0.01;
    private final BenchData batch = BenchData.of(16, 1);

    @Test
    void identicalNetworksPass() {
        EquivalenceCheck.Result result = EquivalenceCheck.run(42, LEARNING_RATE, batch);
        assertTrue(result.passed(), result::describe);
    }

    @Test
    void aSlightlyDifferentWeightIsRefused() {
        BenchMlpNet kiln = new BenchMlpNet(42, DataType.FLOAT);
        MultiLayerNetwork dl4j = Dl4jMlp.create(LEARNING_RATE, 42);
        Dl4jMlp.copyWeights(kiln, dl4j);
        // 1% off in the output layer's weights: the loss and its gradients move well past the limits.
        INDArray w = dl4j.getLayer(2).getParam("W");
        w.muli(1.01);
        EquivalenceCheck.Result result = EquivalenceCheck.compare(kiln, dl4j, LEARNING_RATE, batch);
        assertFalse(result.passed(), result::describe);
    }

    @Test
    void aDifferentLearningRateIsRefused() {
        BenchMlpNet kiln = new BenchMlpNet(42, DataType.FLOAT);
        MultiLayerNetwork dl4j = Dl4jMlp.create(LEARNING_RATE * 1.1, 42);
        Dl4jMlp.copyWeights(kiln, dl4j);
        EquivalenceCheck.Result result = EquivalenceCheck.compare(kiln, dl4j, LEARNING_RATE, batch);
        assertFalse(result.passed(), result::describe);
        assertTrue(result.failures().stream().allMatch(f -> f.contains("after one SGD step")), result::describe);
    }

    @Test
    void identicalCnnsPassWithAndWithoutDl4jHelpers() {
        BenchData images = BenchData.of(8, 2);
        for (boolean helpers : new boolean[]{true, false}) {
            EquivalenceCheck.Result result = EquivalenceCheck.runCnn(42, LEARNING_RATE, helpers, images);
            assertTrue(result.passed(), result::describe);
            assertTrue(InferenceCheck.runCnn(42, helpers, images) == null);
        }
    }

    @Test
    void aSlightlyDifferentConvolutionWeightIsRefused() {
        // In float64, as the benchmark checks the CNN.
        BenchCnnNet kiln = new BenchCnnNet(42, DataType.DOUBLE);
        MultiLayerNetwork dl4j = Dl4jCnn.create(LEARNING_RATE, 42, true, DataType.DOUBLE);
        Dl4jCnn.copyWeights(kiln, dl4j);
        EquivalenceCheck.Result same = EquivalenceCheck.compare(kiln, dl4j, Dl4jCnn::param, LEARNING_RATE,
                BenchData.of(8, 2).castTo(DataType.DOUBLE));
        assertTrue(same.passed(), same::describe);
        // 1% off in one output channel's filter of the second convolution (batch norm right after it
        // cancels that scale in the forward pass; the gradients and the step still see it).
        Dl4jCnn.copyWeights(kiln, dl4j);
        dl4j.getLayer(4).getParam("W").slice(3).muli(1.01);
        EquivalenceCheck.Result result = EquivalenceCheck.compare(kiln, dl4j, Dl4jCnn::param, LEARNING_RATE,
                BenchData.of(8, 2).castTo(DataType.DOUBLE));
        assertFalse(result.passed(), result::describe);
    }
}
