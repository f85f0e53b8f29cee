package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference section 8.2: L2 penalty against decoupled weight decay, and which parameters decay. */
class WeightDecayTest {
    private static final double LAMBDA = 0.1;

    private static double maxGap(double[][] a, double[][] b) {
        double gap = 0;
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < a[t].length; i++) {
                gap = Math.max(gap, Math.abs(a[t][i] - b[t][i]));
            }
        }
        return gap;
    }

    @Test
    void plainSgdWithL2EqualsDecoupledDecayUnderADecayingLearningRate() {
        Quadratic f = new Quadratic(new double[] {1, 3}, new double[] {2, -1}, 1);
        Schedule decaying = Schedules.exponential(0.1);
        double[][] coupled = f.run(Optimizers.sgd(0.2).l2(LAMBDA).schedule(decaying), Tensors.weight("w", 1, 1), 30);
        double[][] decoupled = f.run(Optimizers.sgd(0.2).weightDecay(LAMBDA).schedule(decaying), Tensors.weight("w", 1, 1), 30);
        double[][] none = f.run(Optimizers.sgd(0.2).schedule(decaying), Tensors.weight("w", 1, 1), 30);
        assertTrue(maxGap(coupled, decoupled) <= 1e-15, "gap " + maxGap(coupled, decoupled));
        assertTrue(maxGap(coupled, none) > 0.05, "and the decay does something");
    }

    @Test
    void withMomentumTheyDifferEvenAtConstantLearningRate() {
        Quadratic zeroGradient = new Quadratic(0, 0);
        double[][] coupled = zeroGradient.run(Optimizers.momentum(0.1, 0.9).l2(LAMBDA), Tensors.weight("w", 1, -2), 30);
        double[][] decoupled = zeroGradient.run(Optimizers.momentum(0.1, 0.9).weightDecay(LAMBDA), Tensors.weight("w", 1, -2), 30);
        // Decoupled: a geometric shrink by (1 - lr lambda) per step, the velocity staying 0.
        assertEquals(Math.pow(1 - 0.1 * LAMBDA, 30), decoupled[29][0], 1e-14);
        assertTrue(maxGap(coupled, decoupled) > 0.05, "coupled decay builds up velocity: gap " + maxGap(coupled, decoupled));
    }

    @Test
    void adamWShrinksByExactlyOneMinusLrLambdaPerStepWhileAdamWithL2MovesByTheLearningRate() {
        Schedule schedule = Schedules.cosine(10, 0.001);
        OptimizerChain adamW = Optimizers.adamW(0.01).weightDecay(LAMBDA).schedule(schedule);
        Parameter w = Tensors.weight("w", 100, 0.001, -3);
        double[] expected = {100, 0.001, -3};
        for (int s = 0; s < 10; s++) {
            double lr = schedule.learningRate(0.01, s, 0);
            double[] now = Tensors.step(adamW, w, 0, 0, 0);
            for (int i = 0; i < 3; i++) {
                expected[i] *= 1 - lr * LAMBDA;
                assertEquals(expected[i], now[i], 1e-15 * Math.abs(expected[i]));
            }
        }
        // Adam + L2: the penalty's gradient lambda theta is normalised away, so every coordinate
        // moves by about lr toward 0 whatever its size; AdamW moved 100 by 0.1 and 0.001 by 1e-6.
        double[] adamL2 = Tensors.step(Optimizers.adam(0.01).l2(LAMBDA), Tensors.weight("w", 100, 0.001, -3), 0, 0, 0);
        assertEquals(100 - 0.01, adamL2[0], 1e-9);
        assertEquals(0.001 - 0.01, adamL2[1], 1e-6);
        assertEquals(-3 + 0.01, adamL2[2], 1e-9);
    }

    @Test
    void biasesAndNormsDoNotDecayByDefault() {
        Parameter w = Tensors.weight("fc", 1, 1);
        Parameter b = Tensors.bias("fc", 1, 1);
        Parameter gamma = Tensors.parameter("bn", "gamma", Parameter.Kind.NORM, 1, 1);
        OptimizerChain sgd = Optimizers.sgd(0.5).weightDecay(LAMBDA);
        sgd.step(List.of(w, b, gamma));
        assertArrayEquals(new double[] {0.95, 0.95}, Tensors.values(w), 1e-15);
        assertArrayEquals(new double[] {1, 1}, Tensors.values(b), 0);
        assertArrayEquals(new double[] {1, 1}, Tensors.values(gamma), 0);

        Parameter b2 = Tensors.bias("fc", 1, 1);
        Parameter gamma2 = Tensors.parameter("bn", "gamma", Parameter.Kind.NORM, 1, 1);
        Optimizers.sgd(0.5).l2(LAMBDA).decayAndAdaptAllKinds().step(List.of(b2, gamma2));
        assertArrayEquals(new double[] {0.95, 0.95}, Tensors.values(b2), 1e-15);
        assertArrayEquals(new double[] {0.95, 0.95}, Tensors.values(gamma2), 1e-15);
    }
}
