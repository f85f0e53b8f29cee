package dev.kiln.samples.models;

import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerChain;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimizer declared in @Model(training = ...) is what trainStep(x, y) uses. */
class DeclaredOptimizerTest {

    @Test
    void declaredOptimizerTrainsTheModelWithItsWarmupSchedule() {
        DeclaredOptimizerNet net = new DeclaredOptimizerNet(3, DataType.DOUBLE);
        Optimizer declared = net.defaultOptimizer();
        assertInstanceOf(OptimizerChain.class, declared);
        INDArray x = GeneratedBackwardTest.gaussian(32, 5, 40);
        INDArray y = GeneratedBackwardTest.oneHot(32, 3, 41);
        double first = net.trainStep(x, y);
        double last = first;
        for (int step = 1; step < 40; step++) {
            last = net.trainStep(x, y);
        }
        assertTrue(last < 0.5 * first, "40 AdamW steps on one batch: " + first + " -> " + last);
        // warmup: update 1 uses inner(0) * 1/W = 0.01 / 5
        Optimizer fresh = net.defaultOptimizer();
        assertEquals(0.01 / 5, fresh.learningRate(), 1e-15);
    }
}
