package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference section 9.12 and experiment 9 of section 15. */
class RpropTest {

    /** Nine mini-batches with gradient +0.1 and one with -0.9: the full-batch gradient is 0. */
    private static double[] afterCycles(Optimizer optimizer, int cycles) {
        Parameter p = Tensors.weight("w", 0);
        double[] ends = new double[cycles];
        for (int c = 0; c < cycles; c++) {
            for (int b = 0; b < 10; b++) {
                Tensors.step(optimizer, p, b < 9 ? 0.1 : -0.9);
            }
            ends[c] = Tensors.values(p)[0];
        }
        return ends;
    }

    @Test
    void rpropDriftsOnMiniBatchesWhoseMeanGradientIsZeroWhileSgdDoesNot() {
        double[] sgd = afterCycles(Optimizers.sgd(0.01), 5);
        double[] rprop = afterCycles(Optimizers.rprop(), 5);
        for (double end : sgd) {
            assertEquals(0, end, 1e-15);
        }
        // Steps 0.01 x 1.2^k for k = 0..8 on the nine agreeing batches; the tenth flips the sign,
        // halves the step and does not move.
        double firstCycle = -0.01 * (Math.pow(1.2, 9) - 1) / 0.2;
        assertEquals(firstCycle, rprop[0], 1e-15);
        assertEquals(-0.21, rprop[0], 0.005);
        double previousDrift = -rprop[0];
        for (int c = 1; c < rprop.length; c++) {
            double drift = rprop[c - 1] - rprop[c];
            assertTrue(drift > previousDrift, "the drift grows each cycle: " + java.util.Arrays.toString(rprop));
            previousDrift = drift;
        }
    }

    @Test
    void scalingTheLossLeavesTheTrajectoryUnchanged() {
        double[][] plain = new Quadratic(new double[] {1, 10}, new double[] {1, -1}, 1)
                .run(Optimizers.rprop(), Tensors.weight("w", 0, 0), 60);
        double[][] scaled = new Quadratic(new double[] {1, 10}, new double[] {1, -1}, 1000)
                .run(Optimizers.rprop(), Tensors.weight("w", 0, 0), 60);
        for (int t = 0; t < plain.length; t++) {
            assertArrayEquals(plain[t], scaled[t], 0, "step " + t);
        }
        assertArrayEquals(new double[] {1, -1}, plain[59], 1e-3, "and it finds the minimum");
    }

    @Test
    void stepSizesStayWithinTheirBounds() {
        OptimizerChain rprop = Optimizers.rprop();
        Parameter p = Tensors.weight("w", 0, 0);
        for (int t = 0; t < 100; t++) {
            Tensors.step(rprop, p, 1, t % 2 == 0 ? 1 : -1);
        }
        double[] steps = rprop.liveState("w.W/rprop.stepSize").toDoubleVector();
        assertEquals(50, steps[0], 0, "x1.2 every step, capped at 50");
        assertEquals(1e-6, steps[1], 0, "x0.5 at every other step, floored at 1e-6");
    }

    @Test
    void rpropNeedsFullBatchesAndTakesNoLearningRate() {
        assertTrue(Optimizers.rprop().needsFullBatch());
        assertTrue(!Optimizers.adam(1e-3).needsFullBatch());
        assertTrue(Double.isNaN(Optimizers.rprop().learningRate()));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.rprop().schedule(Schedules.cosine(10, 0)));
        assertThrows(IllegalStateException.class,
                () -> Optimizers.rprop().weightDecay(0.1).step(java.util.List.of(Tensors.weight("w", 1))));
    }
}
