package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference section 9.7 checks. */
class AdamTest {
    private static final double LR = 1e-3;

    @Test
    void firstStepIsTheLearningRateTimesTheSignWithBiasCorrection() {
        double[] g = {0.5, -2.0, 1e-3, -40};
        Parameter p = Tensors.weight("fc", 1, 1, 1, 1);
        double[] after = Tensors.step(Optimizers.adam(LR), p, g);
        for (int i = 0; i < g.length; i++) {
            double step = after[i] - 1;
            assertEquals(-LR * g[i] / (Math.abs(g[i]) + 1e-8), step, LR * 1e-12);
            assertEquals(-LR * Math.signum(g[i]), step, LR * 1e-5, "about lr x sign(g)");
        }
    }

    @Test
    void firstStepWithoutBiasCorrectionIsAbout3Point16TimesTheLearningRate() {
        double[] g = {0.5, -2.0, 3};
        Parameter p = Tensors.weight("fc", 0, 0, 0);
        double[] after = Tensors.step(Optimizers.adam(LR, Optimizers.ADAM.biasCorrection(false)), p, g);
        double expected = LR * (1 - 0.9) / Math.sqrt(1 - 0.999);
        assertEquals(3.1623, expected / LR, 1e-4);
        for (int i = 0; i < g.length; i++) {
            assertEquals(-Math.signum(g[i]) * expected, after[i], expected * 1e-6);
        }
    }

    @Test
    void scalingTheLossLeavesTheTrajectoryUnchangedUpToEpsilon() {
        double[] curvature = {1, 10, 0.3};
        double[] centre = {1, -2, 0.5};
        double[][] plain = new Quadratic(curvature, centre, 1).run(Optimizers.adam(0.05), Tensors.weight("fc", 0, 0, 0), 200);
        double[][] scaled = new Quadratic(curvature, centre, 1000).run(Optimizers.adam(0.05), Tensors.weight("fc", 0, 0, 0), 200);
        double[][] sgdPlain = new Quadratic(curvature, centre, 1).run(Optimizers.sgd(1e-4), Tensors.weight("fc", 0, 0, 0), 200);
        double[][] sgdScaled = new Quadratic(curvature, centre, 1000).run(Optimizers.sgd(1e-4), Tensors.weight("fc", 0, 0, 0), 200);
        double adamGap = 0;
        double sgdGap = 0;
        for (int t = 0; t < plain.length; t++) {
            for (int i = 0; i < 3; i++) {
                adamGap = Math.max(adamGap, Math.abs(plain[t][i] - scaled[t][i]));
                sgdGap = Math.max(sgdGap, Math.abs(sgdPlain[t][i] - sgdScaled[t][i]));
            }
        }
        assertTrue(adamGap < 1e-6, "Adam trajectories differ by " + adamGap);
        assertTrue(sgdGap > 0.1, "SGD is not invariant (gap " + sgdGap + "), which is what makes the Adam check mean something");
        assertEquals(1, plain[199][0], 0.05, "Adam reached the minimum");
    }
}
